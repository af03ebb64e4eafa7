/**
 * Swedish personnummer and samordningsnummer, with or without century, dash or plus:
 * (CC)YYMMDD[-+]NNNN, where a samordningsnummer adds 60 to the day. We match the shape and a
 * plausible month and day but skip the Luhn check on purpose: a mistyped number is still
 * personal data, so refusing a few look-alikes (some phone numbers) is the safer error.
 */
const PNR =
  /(?<!\d)(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+]?\d{4}(?!\d)/;

export function looksLikePersonnummer(text: string): boolean {
  return PNR.test(text);
}

/** True when any string inside the value (a card payload, say) holds a personnummer shape. */
export function containsPersonnummer(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return looksLikePersonnummer(value);
  if (typeof value === "number") return looksLikePersonnummer(String(value));
  if (depth > 8 || value === null || typeof value !== "object") return false;
  return Object.values(value).some((v) => containsPersonnummer(v, depth + 1));
}
