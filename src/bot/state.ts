import type { DefaultConversationState, TurnState } from "@microsoft/teams-ai";

/** Per-user state kept by teams-ai in our Storage. Nothing personal about the client lives here. */
export interface UserState {
  /** Stockholm date the conversation reference was last saved. */
  refSavedOn?: string;
}
export type AppState = TurnState<DefaultConversationState, UserState>;
