/**
 * The slice of Microsoft's `adaptivecards` object model the card tests use. The package's own
 * declarations pull in its TypeScript sources, which do not compile under this project's
 * settings, so tsconfig maps the module here.
 */
declare module "adaptivecards" {
  interface ValidationEvent {
    message: string;
  }
  export class SerializationContext {
    readonly eventCount: number;
    getEventAt(index: number): ValidationEvent;
  }
  export class AdaptiveCard {
    parse(source: unknown, context?: SerializationContext): void;
    validateProperties(): { validationEvents: ValidationEvent[] };
  }
}
