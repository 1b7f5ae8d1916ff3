package com.autobolt.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends a Content-Security-Policy and {@code X-Content-Type-Options: nosniff} with every response,
 * before anything else can answer (a refused key, a too-large body, an error), so no answer of job-api
 * is ever rendered with scripts, plugins or frames from elsewhere, or sniffed into another type. The
 * dashboard shows text from directory sites (third parties); the policy is the second line of defence
 * behind its never inserting such text as markup.
 */
final class SecurityHeadersFilter extends OncePerRequestFilter {

    static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";

    /** Everything from job-api itself, scripts only from files (no inline script), nothing framed. */
    static final String POLICY =
            "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /**
     * The OpenAPI UI (springdoc's Swagger UI, 5.32) loads only its own files too, but draws its icons
     * from {@code data:} images in its style sheet, and its top bar's logo is an SVG with one
     * {@code <style>} element, allowed here by its hash (a later Swagger UI with another logo loses only
     * the logo's colours; DashboardBrowserIT reports any violation on the UI's page). Only its own paths
     * get this.
     */
    static final String API_DOCS_UI_POLICY = "default-src 'self'; script-src 'self';"
            + " style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; img-src 'self' data:;"
            + " object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(
                CONTENT_SECURITY_POLICY,
                request.getRequestURI().startsWith(request.getContextPath() + "/swagger-ui/")
                        ? API_DOCS_UI_POLICY
                        : POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        chain.doFilter(request, response);
    }
}
