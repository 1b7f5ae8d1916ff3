package com.autobolt.api.error;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the servlet container sends an error nobody answered ({@code sendError} from a filter, say): a
 * problem like every other error, whatever the request's {@code Accept}, instead of Spring Boot's
 * {@code {timestamp, status, error, path}} JSON or its HTML page (found by the API fuzzer).
 */
@RestController
class ProblemErrorController implements ErrorController {

    private final ProblemWriter problems;

    ProblemErrorController(ProblemWriter problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : response.getStatus();
        ProblemType type = ProblemType.of(status < 400 ? 500 : status);
        String detail = type.status().value() == status
                ? type.status().getReasonPhrase().toLowerCase(java.util.Locale.ROOT)
                : "the request failed with status " + status;
        problems.write(request, response, type, detail, status);
    }
}
