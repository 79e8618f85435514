/** Every drizzle table, for the client, the migrator and drizzle-kit. */
export * from './unit.table';
export * from './user.table';
export * from './session.table';
export * from './realtime.table';
export * from './campaign.table';
export * from './place.table';
export * from './visit.table';
export * from './visit-plan.table';
export * from './board.table';
export * from './topic.table';
export * from './post.table';
export * from './draft.table';
export * from './notification.table';
export * from './moderation.table';
export * from './upload.table';
export * from './featured.table';
export * from './column.table';
