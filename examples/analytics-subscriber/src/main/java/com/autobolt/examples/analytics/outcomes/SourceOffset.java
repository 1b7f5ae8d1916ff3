package com.autobolt.examples.analytics.outcomes;

/** Where a record was read: to say which one was skipped. */
record SourceOffset(String topic, int partition, long offset, String key) {}
