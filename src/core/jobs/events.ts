import { z } from "zod";
import { ArticleSchema } from "../article/model";
import { CompetitorAnalysisSchema, SourceSchema, SourceSummarySchema } from "../research/source-schema";
import { ArticleRequestSchema } from "./request";

/**
 * The job's record: past-tense facts, each with a data schema. `SCHEMA_VERSION` is stored with every event;
 * a change to a data shape bumps it and teaches `parseEventData` to read the older shape.
 */
export const SCHEMA_VERSION = 1;

const Scores = z.object({ seo: z.number(), quality: z.number(), overall: z.number() });
export type Scores = z.infer<typeof Scores>;

const Usage = z.object({
  provider: z.string(),
  model: z.string(),
  purpose: z.string(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  latencyMs: z.number(),
  costUsd: z.number(),
});

const FindingSchema = z.looseObject({
  check: z.string(),
  severity: z.enum(["high", "medium", "low"]),
  message: z.string(),
  instruction: z.string(),
});

/** The assessment as recorded: its scores and findings, the full reports kept loosely typed. */
export const RecordedAssessmentSchema = z.looseObject({
  score: z.number(),
  seo: z.looseObject({ score: z.number() }),
  quality: z.looseObject({ score: z.number() }),
  findings: z.array(FindingSchema),
});

/** The research a writer needs, with page text capped so an event row stays far below D1's row limit. */
export const RecordedResearchSchema = z.looseObject({
  keyword: z.string(),
  language: z.string().optional(),
  sources: z.array(SourceSchema.omit({ links: true })),
  competitors: CompetitorAnalysisSchema,
  timings: z.record(z.string(), z.number()),
});

export const FailureCodeSchema = z.string().min(1).max(64);

export const EventDataSchemas = {
  ArticleRequested: z.object({
    request: ArticleRequestSchema,
    origin: z.enum(["api", "batch", "hook"]),
    batchId: z.string().optional(),
  }),
  ResearchStarted: z.object({ run: z.number().int().positive() }),
  ResearchCompleted: z.object({ run: z.number().int().positive(), report: RecordedResearchSchema }),
  DraftWritten: z.object({
    run: z.number().int().positive(),
    attempt: z.number().int().positive(),
    article: ArticleSchema,
    usage: z.array(Usage),
    writer: z.object({ kind: z.enum(["llm", "extractive"]), name: z.string() }),
    /** The job whose identical article this is, when it was reused from the cache instead of written. */
    reusedFrom: z.string().optional(),
  }),
  AssessmentCompleted: z.object({
    run: z.number().int().positive(),
    attempt: z.number().int().positive(),
    scores: Scores,
    assessment: RecordedAssessmentSchema,
  }),
  RevisionRequested: z.object({
    run: z.number().int().positive(),
    attempt: z.number().int().positive(),
    instructions: z.array(z.string()),
  }),
  ArticleCompleted: z.object({
    run: z.number().int().positive(),
    bestAttempt: z.number().int().positive(),
    passed: z.boolean(),
    /**
     * `budget_exceeded`: the next draft could not be paid for within the job's or the tenant's caps;
     * `revision_failed`: the writer could not make the revision asked for (a permanent error), so the best draft stands.
     */
    reason: z.enum(["passed", "max_attempts", "no_improvement", "budget_exceeded", "revision_failed"]),
    scores: Scores,
    /** The calls of a draft cut off by the budget: paid for, though the best earlier draft is the result. */
    usage: z.array(Usage).optional(),
  }),
  ArticleFailed: z.object({
    code: FailureCodeSchema,
    message: z.string().max(2000),
    stage: z.enum(["request", "research", "write", "deliver"]),
    /** The calls the failed write made: they are paid for even though no draft came of them. */
    usage: z.array(Usage).optional(),
    /** The sources a failed research judged, with their relevance: why it found too few to write from. */
    sources: z.array(SourceSummarySchema).max(100).optional(),
  }),
  WebhookDelivered: z.object({
    deliveryId: z.string(),
    endpointId: z.string().optional(),
    url: z.string(),
    status: z.number().int(),
    attempt: z.number().int().positive(),
  }),
  WebhookFailed: z.object({
    deliveryId: z.string(),
    endpointId: z.string().optional(),
    url: z.string(),
    status: z.number().int().optional(),
    attempt: z.number().int().positive(),
    reason: z.string().max(500),
  }),
  FeedbackGiven: z.object({ rating: z.number().int().min(1).max(5), comment: z.string().max(2000).optional() }),
  ArticleViewed: z.object({ format: z.enum(["json", "html", "markdown"]) }),
  RegenerationRequested: z.object({ from: z.enum(["research", "write"]), run: z.number().int().positive() }),
  StageRedriven: z.object({
    stage: z.enum(["research", "write"]),
    run: z.number().int().positive(),
    attempt: z.number().int().positive(),
    /** The message was lost from its queue's line, not with a consumer: it says nothing against the job. */
    lostInLine: z.boolean().optional(),
  }),
  /** The stage's message was sent again to wait for provider capacity: the job is waiting in line, not stuck. */
  StageWaiting: z.object({
    stage: z.enum(["research", "write"]),
    run: z.number().int().positive(),
    reason: z.literal("provider_capacity"),
    waitSeconds: z.number().int().nonnegative(),
  }),
} as const;

export type EventType = keyof typeof EventDataSchemas;
export const EVENT_TYPES = Object.keys(EventDataSchemas) as EventType[];
export type EventData<T extends EventType> = z.infer<(typeof EventDataSchemas)[T]>;

/** An event before it is stored: a type and its data. */
export type NewEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

export interface EventMeta {
  tenantId: string;
  traceId: string;
  /** The message or request that caused it. */
  causationId?: string;
}

export type StoredEvent = NewEvent & {
  id: string;
  streamId: string;
  version: number;
  schemaVersion: number;
  meta: EventMeta;
  time: string;
};

export const TERMINAL_EVENTS: ReadonlySet<EventType> = new Set(["ArticleCompleted", "ArticleFailed"]);

export function isEventType(type: string): type is EventType {
  return type in EventDataSchemas;
}

/** Validates data on the way in; throws a ZodError naming the bad field. */
export function validateEvent(event: NewEvent): NewEvent {
  return { type: event.type, data: EventDataSchemas[event.type].parse(event.data) } as NewEvent;
}

/** Reads stored data of any schema version into the current shape (version 1 is the only one so far). */
export function parseEventData(type: EventType, schemaVersion: number, data: unknown): NewEvent {
  if (schemaVersion > SCHEMA_VERSION) throw new Error(`event ${type} has unknown schema version ${schemaVersion}`);
  return { type, data } as NewEvent;
}
