/** Task queries shared by the tasks page and the shell's badge. */
import { useQuery } from '@tanstack/react-query';
import { call } from '../../api.js';

export const tasksKey = ['tasks'] as const;

/** Overdue count for the badge in the shell; refreshed every minute. */
export const useTaskSummary = () => useQuery({ queryKey: [...tasksKey, 'summary'], queryFn: () => call('taskSummary'), refetchInterval: 60_000, staleTime: 30_000 });
