package com.autobolt.stack;

/** A job the demo created: its id, whose it is, its package and when the demo created it. */
record DemoJob(String id, String customer, String packageType, long createdNanos) {}
