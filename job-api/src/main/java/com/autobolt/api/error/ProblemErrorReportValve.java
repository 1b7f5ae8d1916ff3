package com.autobolt.api.error;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's own error answers as problems. A request Tomcat refuses before any servlet sees it (an
 * encoded slash in the path, a malformed request line, headers too large) was answered with Tomcat's HTML
 * page, naming the server; the API fuzzer found it. This valve takes the place of Tomcat's on the host and
 * writes the same problem JSON as {@link ProblemWriter}, without the request's path (it may be what was
 * malformed) and without any detail from Tomcat's exception.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // As Tomcat's own valve: only an error nobody has answered yet, and only once.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ProblemType type = ProblemType.of(status);
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String body = "{\"type\":\"" + type.uri() + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"the server refused the request before reading it: a malformed request line,"
                + " path or headers\"}";
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // The connection is gone or the answer already started: nothing more can be said.
        }
    }
}
