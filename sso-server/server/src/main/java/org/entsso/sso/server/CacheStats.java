package org.entsso.sso.server;

/**
 * The credential cache's counters since the server started and its estimated size, for metrics: counts only, never a
 * key or a value.
 *
 * @param hits lookups answered from the cache
 * @param misses lookups that read the database
 * @param evictions entries evicted because the cache was full
 * @param expirations entries that expired
 * @param size entries now (estimated)
 */
public record CacheStats(long hits, long misses, long evictions, long expirations, long size) {}
