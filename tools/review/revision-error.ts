// A revision, option or input the user gave that the review cannot use: reported in one line,
// without a stack trace.
export class RevisionError extends Error {}
