import type { DefaultConversationState, DefaultUserState, TurnState } from "@microsoft/teams-ai";

/**
 * teams-ai's turn state, not persisted (app.ts creates the Application without storage): the bot
 * keeps nothing between turns. Every card carries its own data and cases live in the database.
 */
export type AppState = TurnState<DefaultConversationState, DefaultUserState>;
