export const FORMAT_NAMES = ['text', 'json', 'markdown', 'sarif', 'junit', 'github'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];
