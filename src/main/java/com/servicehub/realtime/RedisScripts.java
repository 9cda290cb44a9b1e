package com.servicehub.realtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;

/**
 * The Lua scripts that keep a room's stream in Redis, and its keys. Each script touches the keys
 * of one room only, and those keys share a hash tag ({@code {booking:<id>}}), so the same code
 * runs on Redis Cluster. Scripts are called by SHA; a Redis that does not know one yet (after a
 * restart or a failover) gets its source once.
 *
 * <p>A room's stream is four keys: its offset counter, its epoch, its history (a list of
 * {@code <offset>:<epoch-millis>:<publication id>:<channel> <payload>} entries, oldest first) and
 * what it has seen (the offset of each held publication id, the latest version of each order
 * key). All four expire together after a time without events.
 */
final class RedisScripts {

    record Script(String source, String sha) {}

    /**
     * The id of the Redis process that runs the script ({@code INFO server}'s {@code run_id}).
     * It changes whenever the data may be older than what nodes saw (a restart from a snapshot, a
     * replica promoted after asynchronous replication), and it is part of every epoch a client
     * sees, so offsets a rolled-back Redis hands out again are never mistaken for the old ones.
     */
    private static final String RUN_ID = """
            local run = string.sub(string.match(redis.call('INFO', 'server'), 'run_id:(%w+)') or 'unknown', 1, 8)
            """;

    /**
     * KEYS: offset, epoch, history, seen. ARGV: epoch for a new stream, now, size, ttl, key expiry,
     * entry ({@code <channel> <payload>}), publication id or '', order key or '', version.
     * Returns the offset, the epoch, what happened and the Redis run id: {@code appended};
     * {@code duplicate} (the id is held already: its first offset); {@code stale} (the order key
     * has this version or a newer one: nothing appended). Dedup ids live as long as their entry.
     */
    static final Script APPEND = script(RUN_ID + """
            local epoch = redis.call('GET', KEYS[2])
            if not epoch then
              epoch = ARGV[1]
              redis.call('SET', KEYS[2], epoch)
              redis.call('DEL', KEYS[1], KEYS[3], KEYS[4])
            end
            local id, key = ARGV[7], ARGV[8]
            if id ~= '' then
              local held = redis.call('HGET', KEYS[4], 'id:' .. id)
              if held then return {held, epoch, 'duplicate', run} end
            end
            if key ~= '' then
              local latest = redis.call('HGET', KEYS[4], 'v:' .. key)
              if latest and tonumber(latest) >= tonumber(ARGV[9]) then return {'0', epoch, 'stale', run} end
              redis.call('HSET', KEYS[4], 'v:' .. key, ARGV[9])
            end
            local offset = redis.call('INCR', KEYS[1])
            redis.call('RPUSH', KEYS[3], offset .. ':' .. ARGV[2] .. ':' .. id .. ':' .. ARGV[6])
            if id ~= '' then redis.call('HSET', KEYS[4], 'id:' .. id, offset) end
            local size, oldest = tonumber(ARGV[3]), tonumber(ARGV[2]) - tonumber(ARGV[4])
            while true do
              local first = redis.call('LINDEX', KEYS[3], 0)
              if not first then break end
              local at, dropped = string.match(first, '^%d+:(%d+):([^:]*):')
              if redis.call('LLEN', KEYS[3]) <= size and tonumber(at) >= oldest then break end
              redis.call('LPOP', KEYS[3])
              if dropped ~= '' then redis.call('HDEL', KEYS[4], 'id:' .. dropped) end
            end
            for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
            return {tostring(offset), epoch, 'appended', run}
            """);

    /**
     * KEYS: offset, epoch, history, seen. ARGV: epoch for a new stream, key expiry, since, limit, oldest
     * millis kept, the epoch {@code since} counts in ({@code <epoch>.<run id>}, or '' for any). Returns the
     * epoch, the offset, the Redis run id, then at most {@code limit} entries after {@code since}, or
     * from the oldest one when the stream is under another epoch. A room without a stream gets one
     * (offset 0), so that the epoch a joining client is told is the one its later events carry.
     */
    static final Script READ = script(RUN_ID + """
            local epoch = redis.call('GET', KEYS[2])
            if not epoch then
              epoch = ARGV[1]
              redis.call('SET', KEYS[2], epoch, 'PX', ARGV[2])
              redis.call('SET', KEYS[1], 0, 'PX', ARGV[2])
              redis.call('DEL', KEYS[3], KEYS[4])
            end
            local result = {epoch, tostring(redis.call('GET', KEYS[1]) or '0'), run}
            local since, limit, oldest = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
            if ARGV[6] ~= '' and ARGV[6] ~= epoch .. '.' .. run then since = 0 end
            if limit > 0 then
              -- Offsets in the history are consecutive, so the first one wanted is found by its index.
              local first = redis.call('LINDEX', KEYS[3], 0)
              if first then
                local start = math.max(0, since + 1 - tonumber(string.match(first, '^(%d+):')))
                local entries = redis.call('LRANGE', KEYS[3], start, start + limit - 1)
                for i = 1, #entries do
                  local offset, at = string.match(entries[i], '^(%d+):(%d+):')
                  if tonumber(offset) > since and tonumber(at) >= oldest then
                    result[#result + 1] = entries[i]
                  end
                end
              end
            end
            return result
            """);

    /** KEYS: offset, epoch, history, seen of a room whose shared stream missed events. ARGV: new epoch, key expiry. */
    static final Script RENEW = script("""
            redis.call('DEL', KEYS[1], KEYS[3], KEYS[4])
            redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
            return 1
            """);

    private RedisScripts() {}

    /** The keys of a room's stream: offset, epoch, history, seen. */
    static String[] keys(String room) {
        String base = "realtime:room:{" + room + "}:";
        return new String[] {base + "offset", base + "epoch", base + "history", base + "seen"};
    }

    static <T> CompletableFuture<T> call(
            RedisScriptingAsyncCommands<String, String> commands,
            Script script,
            ScriptOutputType type,
            String[] keys,
            String... arguments) {
        return commands.<T>evalsha(script.sha(), type, keys, arguments)
                .toCompletableFuture()
                .exceptionallyCompose(error -> unwrap(error) instanceof RedisNoScriptException
                        ? commands.<T>eval(script.source(), type, keys, arguments)
                                .toCompletableFuture()
                        : CompletableFuture.failedFuture(error));
    }

    static List<Script> all() {
        return List.of(APPEND, READ, RENEW);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
    }

    private static Script script(String source) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new Script(source, HexFormat.of().formatHex(sha));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
