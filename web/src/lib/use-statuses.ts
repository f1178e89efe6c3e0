import { useEffect, useState } from "preact/hooks";
import { loadStatuses, type StatusInfo } from "../api/statuses.js";

export function useStatuses(): { statuses: StatusInfo[] | undefined; error: unknown } {
  const [statuses, setStatuses] = useState<StatusInfo[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    loadStatuses().then(setStatuses, setError);
  }, []);
  return { statuses, error };
}
