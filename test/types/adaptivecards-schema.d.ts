/** Stand-in for `adaptivecards/src/schema`, which adaptivecards-templating's typings import (see adaptivecards.d.ts). */
export type IAdaptiveCard = Record<string, unknown>;
