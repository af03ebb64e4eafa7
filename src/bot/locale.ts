// One rule for the user's language, shared with the services that send cards outside a turn.
export { localeOf } from "../cards/locale.js";
