package com.autobolt.api.error;

import com.autobolt.schemas.JobStatus;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The one place errors become responses: every error is {@code application/problem+json} with a
 * {@code detail} a client can act on; validation problems also list {@code errors} per field.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    /** One invalid field: where ({@code field}) and what is wrong ({@code message}). */
    record FieldProblem(String field, String message) {}

    @ExceptionHandler(ApiException.class)
    ProblemDetail handleApi(ApiException e) {
        return problem(ProblemType.of(e.status().value()), e.getMessage());
    }

    @ExceptionHandler(InvalidFieldsException.class)
    ProblemDetail handleInvalidFields(InvalidFieldsException e) {
        return invalid(e.orderedProblems().entrySet().stream()
                .map(problem -> new FieldProblem(problem.getKey(), problem.getValue()))
                .toList());
    }

    @ExceptionHandler(JobStatus.IllegalStatusTransitionException.class)
    ProblemDetail handleIllegalTransition(JobStatus.IllegalStatusTransitionException e) {
        return problem(
                ProblemType.ILLEGAL_TRANSITION,
                "the job is " + e.from().value() + " and cannot move to " + e.to().value());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail handleTypeMismatch(MethodArgumentTypeMismatchException e) {
        String reason = deepestIllegalArgument(e)
                .orElse("expected " + (e.getRequiredType() == null ? "another type" : describe(e.getRequiredType())));
        return withErrors(
                problem(ProblemType.INVALID_REQUEST, "invalid value for '" + e.getName() + "': " + reason),
                List.of(new FieldProblem(e.getName(), reason)));
    }

    /** Unique keys a concurrent request can take first, between our check and our insert. */
    private static final Map<String, String> UNIQUE_KEYS = Map.of(
            "customers_email_key", "a customer with this email already exists",
            "directories_pkey", "a directory with this id already exists",
            "jobs_customer_external_ref_key", "this customer already has a job with this externalRef");

    /** A race the database settled: a unique key someone else took first, or a rule the schema enforces. */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail handleIntegrity(DataIntegrityViolationException e) {
        // The first line names the constraint; the lines after it quote the row's values, which stay out of the log.
        String cause = String.valueOf(e.getMostSpecificCause().getMessage())
                .lines()
                .findFirst()
                .orElse("");
        log.info("Request refused by a database constraint: {}", cause);
        if (isNulCharacter(e)) {
            // PostgreSQL cannot store U+0000 in text; it is the client's input, not a conflict (API fuzzer).
            return problem(ProblemType.INVALID_REQUEST, "text must not contain the NUL character (\\u0000)");
        }
        String detail = UNIQUE_KEYS.entrySet().stream()
                .filter(key -> cause.contains(key.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("the request conflicts with the stored data (a unique or consistency rule)");
        return problem(ProblemType.CONFLICT, detail);
    }

    /** SQLSTATE 22021, character_not_in_repertoire: what PostgreSQL answers to a NUL in a text value. */
    private static boolean isNulCharacter(DataIntegrityViolationException e) {
        return e.getMostSpecificCause() instanceof java.sql.SQLException sql && "22021".equals(sql.getSQLState());
    }

    /** Two requests edited the same aggregate at once; the one that committed second is refused. */
    @ExceptionHandler(OptimisticLockingFailureException.class)
    ProblemDetail handleConcurrentEdit(OptimisticLockingFailureException e) {
        return problem(
                ProblemType.CONFLICT,
                "another request changed this resource at the same time; read it again and repeat the change");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail handleUnexpected(Exception e) {
        log.error("Unexpected error", e);
        return problem(ProblemType.INTERNAL, "an unexpected error occurred; it has been logged");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest()
                .body(invalid(fieldProblemsOf(e.getBindingResult()).toList()));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = e.getParameterValidationResults().stream()
                .flatMap(ApiExceptionHandler::problemsOf)
                .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        BodyTooLargeException tooLarge = causeOf(e, BodyTooLargeException.class);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(problem(ProblemType.BODY_TOO_LARGE, tooLarge.getMessage()));
        }
        JacksonException jackson = causeOf(e, JacksonException.class);
        if (jackson == null) {
            return ResponseEntity.badRequest()
                    .body(problem(ProblemType.INVALID_REQUEST, "the request body is missing or is not readable JSON"));
        }
        String field = pathOf(jackson);
        if (field.isEmpty()) {
            return ResponseEntity.badRequest()
                    .body(problem(ProblemType.INVALID_REQUEST, "malformed JSON: " + jackson.getOriginalMessage()));
        }
        String reason = deepestIllegalArgument(e)
                .orElseGet(() -> jackson instanceof MismatchedInputException m && m.getTargetType() != null
                        ? "expected " + describe(m.getTargetType())
                        : jackson.getOriginalMessage());
        return ResponseEntity.badRequest()
                .body(withErrors(
                        problem(ProblemType.INVALID_REQUEST, "invalid value for '" + field + "': " + reason),
                        List.of(new FieldProblem(field, reason))));
    }

    /** A validated body lists its own fields; a header or query parameter is named as the client sends it. */
    private static Stream<FieldProblem> problemsOf(ParameterValidationResult result) {
        if (result instanceof ParameterErrors errors) {
            return fieldProblemsOf(errors);
        }
        MethodParameter parameter = result.getMethodParameter();
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        String name = header != null && !header.name().isEmpty() ? header.name() : parameter.getParameterName();
        return result.getResolvableErrors().stream().map(error -> new FieldProblem(name, error.getDefaultMessage()));
    }

    private static Stream<FieldProblem> fieldProblemsOf(Errors errors) {
        return Stream.concat(
                errors.getFieldErrors().stream().map(f -> new FieldProblem(f.getField(), messageOf(f))),
                errors.getGlobalErrors().stream().map(g -> new FieldProblem(g.getObjectName(), g.getDefaultMessage())));
    }

    private static ProblemDetail invalid(List<FieldProblem> errors) {
        String detail = errors.stream()
                .map(error -> error.field() + ": " + error.message())
                .collect(Collectors.joining("; ", "the request is invalid: ", ""));
        return withErrors(problem(ProblemType.INVALID_REQUEST, detail), errors);
    }

    static ProblemDetail problem(ProblemType type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.uri());
        return problem;
    }

    /** Spring's own errors (405, 406, 415, a missing parameter...) get the type of their status too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null
                && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
            problem.setType(ProblemType.of(status.value()).uri());
        }
        return response;
    }

    private static ProblemDetail withErrors(ProblemDetail problem, List<FieldProblem> errors) {
        problem.setProperty("errors", errors);
        return problem;
    }

    private static String messageOf(FieldError error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    /** The JSON path of the offending value, as {@code directoryIds[2]} or {@code customerId}. */
    private static String pathOf(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Our enums' parsers throw IllegalArgumentException naming the valid values; that is the best reason. */
    private static Optional<String> deepestIllegalArgument(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return Optional.ofNullable(message);
    }

    private static final Map<Class<?>, String> TYPE_NAMES = Map.of(
            Integer.class, "an integer",
            int.class, "an integer",
            Long.class, "an integer",
            long.class, "an integer",
            Boolean.class, "true or false",
            boolean.class, "true or false",
            String.class, "a string",
            UUID.class, "a UUID",
            List.class, "an array",
            Map.class, "an object");

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of the valid values";
        }
        return TYPE_NAMES.getOrDefault(type, "a " + type.getSimpleName());
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
