package com.autobolt.api.events;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@Tag(
        name = "events",
        description = "Live job changes as Server-Sent Events, fed by the jobs change stream. Every event has"
                + " `id: <position>`; `event: ready` (`data: {}`, or `{\"resumed\":true|false}` when resuming)"
                + " comes first, then `event: job` whose `data` is one line of JSON shaped like GET /api/jobs/{id}"
                + " (keep the highest `version` per job). A comment line (`: keep-alive`) is sent every 15 s."
                + " Reconnect with `Last-Event-ID: <the last id received>` to receive every change after it,"
                + " on any instance; a position older than the topic's retention restarts at the oldest change"
                + " kept, with `resumed: false` in `ready`. A client that falls too far behind is disconnected"
                + " and resumes the same way.")
// Common to both streams; springdoc adds these to every operation of the class.
@ApiResponse(
        responseCode = "200",
        description = "the event stream",
        content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
@ApiResponse(responseCode = "400", description = "malformed Last-Event-ID")
@ApiResponse(responseCode = "503", description = "live events not available on this instance yet")
class JobEventsController {

    private static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final String POSITION = "the id of the last event received (an opaque position, e.g."
            + " `0:118,1:97,2:130`); absent for a new subscription. Malformed → 400.";

    private final JobEventStreams streams;

    JobEventsController(JobEventStreams streams) {
        this.streams = streams;
    }

    @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Live changes of every job (viewer, staff, admin)",
            description = "Subscribe, wait for `ready`, then load lists over REST: no change is missed in"
                    + " between. Event ids are vectors of partition offsets.")
    SseEmitter allJobs(
            @Parameter(description = POSITION) @RequestHeader(name = LAST_EVENT_ID, required = false)
                    String lastEventId) {
        return streams.allJobs(lastEventId);
    }

    @GetMapping(path = "/api/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Live changes of one job (viewer, staff, admin)",
            description = "A new subscription gets `ready`, then the job's current state once (an event"
                    + " without id), then every change. Event ids name the job's partition and offset.",
            responses = @ApiResponse(responseCode = "404", description = "no such job"))
    SseEmitter oneJob(
            @PathVariable UUID id,
            @Parameter(description = POSITION) @RequestHeader(name = LAST_EVENT_ID, required = false)
                    String lastEventId) {
        return streams.oneJob(id, lastEventId);
    }
}
