// Validates HTTP responses against the Spotify Web API's OpenAPI 3.0 description (../shared/spotify/), so the
// loopback fake stays honest. OpenAPI 3.0's schema dialect is close to JSON Schema draft 7: Ajv understands
// `nullable` natively; `discriminator`, `example`, `x-…` and `deprecated` are annotations here (strict: false), and
// a oneOf of TrackObject | EpisodeObject still picks exactly one because their required fields differ.
import Ajv from "ajv";
import type { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SPOTIFY_OPENAPI_FILE =
  process.env.SPOTIFY_OPENAPI ?? path.resolve(repoRoot, "../shared/spotify/spotify-web-api-openapi.yml");

type Json = Record<string, unknown>;

interface OpenApiDoc {
  paths: Record<
    string,
    Record<string, { operationId?: string; deprecated?: boolean; responses?: Record<string, Json> }>
  >;
  components: { responses: Record<string, Json>; schemas: Record<string, Json> };
}

export interface ResponseCheck {
  operationId: string;
  /** The status is not declared by the operation; the body was checked against the spec's error envelope. */
  undeclared: boolean;
  errors: string[];
}

const ERROR_RESPONSE: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  429: "TooManyRequests",
};
const escape = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

export class SpotifyOpenApi {
  readonly doc: OpenApiDoc;
  readonly #ajv: Ajv;
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(file = SPOTIFY_OPENAPI_FILE) {
    this.doc = YAML.parse(fs.readFileSync(file, "utf8")) as OpenApiDoc;
    this.#ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.#ajv);
    this.#ajv.addSchema({ ...(this.doc as unknown as Json), $id: "spotify" });
  }

  operation(method: string, template: string): { operationId: string; deprecated: boolean } {
    const op = this.doc.paths[template]?.[method.toLowerCase()];
    if (!op) throw new Error(`the OpenAPI description has no ${method} ${template}`);
    return { operationId: op.operationId ?? `${method} ${template}`, deprecated: op.deprecated === true };
  }

  /** Checks one response of `method template` (a path template such as `/playlists/{playlist_id}/items`). */
  check(method: string, template: string, status: number, body: unknown): ResponseCheck {
    const { operationId } = this.operation(method, template);
    const m = method.toLowerCase();
    const declared = this.doc.paths[template]![m]!.responses?.[String(status)];
    let pointer: string;
    let response: Json | undefined;
    let undeclared = false;
    if (declared) {
      const ref = declared.$ref;
      if (typeof ref === "string") {
        pointer = ref.slice(1);
        response = this.doc.components.responses[ref.split("/").pop()!];
      } else {
        pointer = `/paths/${escape(template)}/${m}/responses/${status}`;
        response = declared;
      }
    } else if (status >= 400) {
      undeclared = true;
      const name = ERROR_RESPONSE[status] ?? "NotFound";
      pointer = `/components/responses/${name}`;
      response = this.doc.components.responses[name];
    } else {
      return {
        operationId,
        undeclared: true,
        errors: [`status ${status} is not declared for ${operationId}`],
      };
    }
    const content = (response?.content as Json | undefined)?.["application/json"] as Json | undefined;
    if (!content?.schema) {
      return {
        operationId,
        undeclared,
        errors:
          body === undefined || body === null || body === ""
            ? []
            : [`${operationId} ${status} must have no body`],
      };
    }
    const key = `${pointer}/content/application~1json/schema`;
    let validate = this.#validators.get(key);
    if (!validate) {
      validate = this.#ajv.getSchema(`spotify#${key}`);
      if (!validate) throw new Error(`no schema at ${key}`);
      this.#validators.set(key, validate);
    }
    const ok = validate(body);
    return {
      operationId,
      undeclared,
      errors: ok
        ? []
        : (validate.errors ?? []).map(
            (e) => `${operationId} ${status}: ${e.instancePath || "(body)"} ${e.message ?? ""}`,
          ),
    };
  }
}
