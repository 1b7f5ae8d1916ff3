package com.autobolt.schemas;

/**
 * What a directory site answered, kept with the result so a human can see why it ended as it did.
 *
 * @param httpStatus the site's HTTP status, absent when no response arrived
 * @param responseExcerpt the first few hundred characters of the response body
 * @param retries how many transient failures were retried within this attempt
 */
public record SubmissionEvidence(Integer httpStatus, String responseExcerpt, Integer retries) {}
