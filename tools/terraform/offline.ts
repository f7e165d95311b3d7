// What a stack needs to plan offline, with no AWS account: provider settings that skip every
// account lookup, and literal stand-ins for ephemeral values (which a plan would fetch from AWS).
type Json = Record<string, unknown>;

export const OFFLINE_PROVIDER_SETTINGS = {
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
} as const;

const EPHEMERAL_REFERENCE = /\$\{ephemeral\.[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z_]+\}/g;

/** The stack's JSON text without its ephemeral block, each ephemeral reference a literal stand-in
 * (write-only attributes accept any string). */
export function withoutEphemeralText(stack: Json): string {
  return JSON.stringify({ ...stack, ephemeral: undefined }).replace(
    EPHEMERAL_REFERENCE,
    "offline-plan-stand-in",
  );
}
