package com.autobolt.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the key from {@code Authorization: Bearer <key>} or {@code X-Api-Key} (or both, when they agree) and, when it is known,
 * authenticates the request with the key's role. A missing or unknown key leaves the request
 * anonymous; the authorization rules then answer 401 (and the entry point says which of the two).
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String API_KEY_HEADER = "X-Api-Key";
    static final String CREDENTIAL_REJECTED = ApiKeyAuthenticationFilter.class.getName() + ".rejected";
    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;

    ApiKeyAuthenticationFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedKey(request);
        if (presented != null) {
            keys.holderOf(presented)
                    .ifPresentOrElse(
                            holder -> SecurityContextHolder.getContext()
                                    .setAuthentication(new ApiKeyAuthentication(holder)),
                            () -> request.setAttribute(CREDENTIAL_REJECTED, Boolean.TRUE));
        }
        chain.doFilter(request, response);
    }

    /**
     * The one key the request presents: null when none. Two different keys (a Bearer and an X-Api-Key, or a
     * header twice) are refused as one unknown credential rather than one picked over the other: which key
     * a request acts with must never depend on header order (found by the API fuzzer).
     */
    private static String presentedKey(HttpServletRequest request) {
        Set<String> presented = new HashSet<>();
        for (String authorization : Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION))) {
            // Another scheme (Basic, ...) is a credential we do not accept, not an absent one.
            presented.add(
                    authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                            ? authorization.substring(BEARER.length()).strip()
                            : "");
        }
        for (String header : Collections.list(request.getHeaders(API_KEY_HEADER))) {
            presented.add(header.strip());
        }
        if (presented.isEmpty()) {
            return null;
        }
        return presented.size() == 1 ? presented.iterator().next() : "";
    }

    /** An authenticated API key: its principal is its holder's name and role, never the key. */
    static final class ApiKeyAuthentication extends AbstractAuthenticationToken {
        private final ApiRole role;
        private final String name;

        ApiKeyAuthentication(ApiKeys.Holder holder) {
            super(List.of(new SimpleGrantedAuthority("ROLE_" + holder.role().name())));
            this.role = holder.role();
            this.name = holder.name();
            setAuthenticated(true);
        }

        ApiRole role() {
            return role;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return "api-key:" + role.value();
        }
    }
}
