import express, { type RequestHandler } from "express";
import { activityProblems } from "./activity.js";

/** The largest activity read; Teams' own messages stay far below it. */
export const BODY_LIMIT = "256kb";

/** "an array", "a string", "null": what a body that is not an activity turned out to be. */
function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** A body of some other type would be left unread by express.json and then look empty. */
const requireJson: RequestHandler = (req, res, next) => {
  // null: no body at all, which the envelope check answers by naming the missing fields.
  if (req.is("application/json") === false)
    res.status(415).json({
      error: `Unsupported Content-Type "${(req.headers["content-type"] ?? "none").slice(0, 100)}": send application/json`,
    });
  else next();
};

/** Any JSON value is read (strict: false), so a valid non-object is named, not called broken. */
const readJson = express.json({ limit: BODY_LIMIT, strict: false });

const requireActivity: RequestHandler = (req, res, next) => {
  const body: unknown = req.body;
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    res.status(400).json({ error: `The body must be a JSON object (an activity), not ${kindOf(body)}` });
    return;
  }
  const problems = activityProblems(body);
  if (problems.length) res.status(400).json({ error: "Invalid activity", problems });
  else next();
};

/**
 * Reads POST /api/messages: JSON in UTF-8 (415 naming any other type, charset or encoding, via
 * the error handler for the last two), one object (400 otherwise), a valid envelope (400 with
 * every problem named). Unreadable JSON is a 400 from the error handler.
 */
export const readActivity: RequestHandler[] = [requireJson, readJson, requireActivity];
