/** `data-testid` for antd props objects (okButtonProps…), whose types do not list data attributes. */
export const testId = (id: string): Record<never, never> => ({ 'data-testid': id }) as Record<never, never>;
