package com.autobolt.api.web;

import com.autobolt.api.error.ProblemType;
import com.autobolt.api.error.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a {@code Content-Type} that is not one readable media type (a wildcard made Spring fail with a
 * 500), and, before anything is done, an API request whose {@code Accept} rules out every answer the API
 * gives (JSON, a {@code +json} type, an event stream; the customer's progress page also HTML), or cannot
 * be read. Spring only finds out after the
 * handler ran, when it writes the answer: a retry was carried out and then answered 406 with no body
 * (found by the API fuzzer). The refusal itself is a problem, whatever the {@code Accept}.
 */
final class MediaTypesFilter extends OncePerRequestFilter {

    private static final List<MediaType> ANSWERS =
            List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
    private static final List<MediaType> STREAM_ANSWERS =
            List.of(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
    private static final List<MediaType> PAGE_ANSWERS =
            List.of(MediaType.TEXT_HTML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
    private static final String PROGRESS_PAGES = "/progress/";

    private final ProblemWriter problems;

    MediaTypesFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/")
                && !request.getRequestURI().startsWith(PROGRESS_PAGES);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && !isOneMediaType(contentType)) {
            problems.write(
                    request,
                    response,
                    ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "the Content-Type header must name one media type the API reads, such as application/json");
            return;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || accept.isBlank()) {
            chain.doFilter(request, response);
            return;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            problems.write(
                    request, response, ProblemType.NOT_ACCEPTABLE, "the Accept header cannot be read as media types");
            return;
        }
        List<MediaType> answers = answersOf(request.getRequestURI());
        if (accepted.stream().anyMatch(type -> isAnswered(type, answers))) {
            chain.doFilter(request, response);
            return;
        }
        problems.write(
                request,
                response,
                ProblemType.NOT_ACCEPTABLE,
                "the API answers application/json (problems application/problem+json, event streams"
                        + " text/event-stream, the progress page text/html); the Accept header rules all of them"
                        + " out");
    }

    /** What a path answers: event streams only on the {@code /events} endpoints, HTML only on the progress page. */
    private static List<MediaType> answersOf(String path) {
        if (path.startsWith(PROGRESS_PAGES)) {
            return PAGE_ANSWERS;
        }
        return path.endsWith("/events") ? STREAM_ANSWERS : ANSWERS;
    }

    /**
     * One concrete media type, and not a form: the API reads JSON bodies only, and for a form Spring would
     * have Tomcat decode the body as parameters, which failed as a 500 on invalid UTF-8 (API fuzzer).
     */
    private static boolean isOneMediaType(String header) {
        try {
            MediaType type = MediaType.parseMediaType(header);
            return type.isConcrete()
                    && !MediaType.APPLICATION_FORM_URLENCODED.includes(type)
                    && !"multipart".equals(type.getType());
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static boolean isAnswered(MediaType accepted, List<MediaType> answers) {
        if (accepted.getQualityValue() == 0) {
            return false;
        }
        return "json".equals(accepted.getSubtypeSuffix())
                || answers.stream().anyMatch(answer -> accepted.includes(answer));
    }
}
