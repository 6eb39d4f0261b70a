export * from './user-items';
export * from './follow-items';
export * from './post-items';
export * from './feed-items';
