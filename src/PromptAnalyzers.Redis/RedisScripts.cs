namespace PromptAnalyzers.Redis
{
    /// <summary>The Lua scripts of <see cref="RedisUsageStore"/>; StackExchange.Redis sends each by its SHA-1 once the server has it.</summary>
    internal static class RedisScripts
    {
        /// <summary>Arguments per increment in <see cref="Add"/>.</summary>
        public const int ArgumentsPerIncrement = 15;

        /// <summary>Keys per increment in <see cref="Add"/>.</summary>
        public const int KeysPerIncrement = 3;

        /// <summary>The marker of the error <see cref="Add"/> returns when an add would overflow a counter.</summary>
        public const string OverflowMarker = "PROMPTANALYZERS_OVERFLOW";

        /// <summary>
        /// Adds every increment atomically. KEYS, per increment: the counter's hash, its window kind's index (window
        /// start by id) and expiry index (expiry by id). ARGV: the counter-key prefix, the prune batch size, then per
        /// increment: id, scope, model, window start (Unix ms), expiry (Unix ms), and for calls, input, cached, output
        /// and cost (pico-dollars) the amount to add and the most the field may hold before the add.
        /// Returns the five totals of every counter after its add, as integer strings (exact in 64 bits; a Lua
        /// number would not be above 2^53). Nothing is written when any add would overflow. Numbers go back to Redis
        /// as the caller's strings or through <c>string.format('%d')</c>, never as Lua numbers (which may print as 1e+12).
        /// </summary>
        public const string Add = @"
if redis.replicate_commands then pcall(redis.replicate_commands) end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local fields = { 'calls', 'input', 'cached', 'output', 'cost' }
local n = #KEYS / 3
local counterPrefix = ARGV[1]
local pruneBatch = tonumber(ARGV[2])

local function fits(current, limit)
  if not current or string.sub(current, 1, 1) == '-' then return true end
  if #current ~= #limit then return #current < #limit end
  return current <= limit
end

local function extend(key, at, atText)
  local ttl = redis.call('PTTL', key)
  if ttl == -1 or (ttl >= 0 and now + ttl < at) then
    redis.call('PEXPIREAT', key, atText)
  end
end

for i = 1, n do
  local base = 2 + 15 * (i - 1)
  for f = 1, 5 do
    if not fits(redis.call('HGET', KEYS[3 * i - 2], fields[f]), ARGV[base + 5 + 2 * f]) then
      return redis.error_reply('PROMPTANALYZERS_OVERFLOW ' .. i .. ' ' .. fields[f])
    end
  end
end

local out = {}
local kinds = {}
for i = 1, n do
  local ck, ik, ek = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local base = 2 + 15 * (i - 1)
  local id = ARGV[base + 1]
  for f = 1, 5 do
    redis.call('HINCRBY', ck, fields[f], ARGV[base + 4 + 2 * f])
  end
  redis.call('HSETNX', ck, 'scope', ARGV[base + 2])
  redis.call('HSETNX', ck, 'model', ARGV[base + 3])
  local totals = redis.call('HMGET', ck, 'calls', 'input', 'cached', 'output', 'cost')
  for f = 1, 5 do out[#out + 1] = totals[f] end
  local atText = ARGV[base + 5]
  local at = tonumber(atText)
  extend(ck, at, atText)
  if at > now then
    redis.call('ZADD', ik, ARGV[base + 4], id)
    local held = redis.call('ZSCORE', ek, id)
    if not held or tonumber(held) < at then redis.call('ZADD', ek, atText, id) end
    extend(ik, at, atText)
    extend(ek, at, atText)
  end
  kinds[ek] = ik
end

if pruneBatch > 0 then
  for ek, ik in pairs(kinds) do
    local due = redis.call('ZRANGEBYSCORE', ek, '-inf', string.format('%d', now), 'LIMIT', '0', ARGV[2])
    for _, id in ipairs(due) do
      local ttl = redis.call('PTTL', counterPrefix .. id)
      if ttl == -2 then
        redis.call('ZREM', ek, id)
        redis.call('ZREM', ik, id)
      elseif ttl == -1 then
        redis.call('ZREM', ek, id)
      else
        redis.call('ZADD', ek, string.format('%d', now + ttl), id)
      end
    end
  end
end

return out
";

        /// <summary>
        /// Removes index entries whose counter is gone. KEYS: the index, the expiry index, then the counters' hashes;
        /// ARGV: the counters' ids, in the same order. Checks each counter again, so an entry re-added since it was
        /// read stays. Returns how many were removed.
        /// </summary>
        public const string Prune = @"
local removed = 0
for i = 3, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    redis.call('ZREM', KEYS[1], ARGV[i - 2])
    redis.call('ZREM', KEYS[2], ARGV[i - 2])
    removed = removed + 1
  end
end
return removed
";
    }
}
