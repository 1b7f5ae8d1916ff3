package com.autobolt.api.security;

import static com.autobolt.api.security.ApiRole.READERS;
import static com.autobolt.api.security.ApiRole.WRITERS;

import com.autobolt.api.error.ProblemType;
import com.autobolt.api.error.ProblemWriter;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Every endpoint needs an API key except health and the probes {@code /livez} and {@code /readyz} (for
 * orchestration; health's details need the admin key). Each endpoint names the roles
 * it admits; anything not listed is denied, so a new endpoint is closed until someone opens it.
 */
// Web security only where there is a web server: a job-api run without one (the change stream alone) needs none.
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ApiKeyProperties.class)
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    @Bean
    ApiKeys apiKeys(ApiKeyProperties properties) throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        if (properties.apiKeys() != null && !properties.apiKeys().isBlank()) {
            sources.put("AUTOBOLT_API_KEYS", properties.apiKeys());
        }
        if (properties.apiKeysFile() != null && !properties.apiKeysFile().isBlank()) {
            Path file = Path.of(properties.apiKeysFile());
            if (!Files.isReadable(file)) {
                throw new IllegalStateException("AUTOBOLT_API_KEYS_FILE " + file + " is not a readable file");
            }
            sources.put("AUTOBOLT_API_KEYS_FILE " + file, Files.readString(file, StandardCharsets.UTF_8));
        }
        ApiKeys keys = ApiKeys.parse(sources);
        if (keys.isEmpty()) {
            log.warn("No API keys configured (AUTOBOLT_API_KEYS or AUTOBOLT_API_KEYS_FILE): every request except"
                    + " health will be refused with 401");
        } else {
            log.info("API keys configured per role: {}", keys.countByRole());
        }
        return keys;
    }

    /**
     * The firewall's refusals (a path with {@code //}, an encoded slash, a control character) as problems;
     * Spring Security's default sent a bare 400 that the container rendered as its own JSON or HTML.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ProblemWriter problems) {
        return (request, response, rejected) -> problems.write(
                request,
                response,
                ProblemType.INVALID_REQUEST,
                "the request's path or headers hold characters this API never accepts (an encoded slash, a"
                        + " double slash, a control character, ...)");
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys keys, ProblemWriter problems) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, failure) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"autobolt\"");
                            boolean rejected =
                                    request.getAttribute(ApiKeyAuthenticationFilter.CREDENTIAL_REJECTED) != null;
                            problems.write(
                                    request,
                                    response,
                                    ProblemType.UNAUTHENTICATED,
                                    rejected
                                            ? "unknown API key"
                                            : "an API key is required: send Authorization: Bearer <key> or X-Api-Key");
                        })
                        .accessDeniedHandler((request, response, denied) -> problems.write(
                                request,
                                response,
                                ProblemType.FORBIDDEN,
                                "an API key with role "
                                        + roleOf(SecurityContextHolder.getContext()
                                                .getAuthentication()) + " may not " + request.getMethod() + " "
                                        + request.getRequestURI())))
                // An async dispatch continues a request already authorized (an event stream ending).
                .authorizeHttpRequests(rules -> rules.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/livez", "/readyz")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasRole(ApiRole.ADMIN.name())
                        // The dashboard's static files hold no data; every call they make sends the key.
                        .requestMatchers(
                                HttpMethod.GET, "/", "/index.html", "/favicon.svg", "/css/*", "/js/*", "/progress.html")
                        .permitAll()
                        // A customer's progress page: the share link's token in the path is the credential,
                        // checked by the page itself (ProgressPageController); nothing else is open this way.
                        .requestMatchers(HttpMethod.GET, "/progress/*", "/progress/*/data")
                        .permitAll()
                        // The API description and its UI hold no data, and a person opening the UI in a
                        // browser cannot send a key: open to all. The UI's Authorize button takes the key
                        // for the calls it then makes.
                        .requestMatchers(
                                HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/customers")
                        .hasAnyRole(WRITERS)
                        .requestMatchers(HttpMethod.PATCH, "/api/customers/*")
                        .hasAnyRole(WRITERS)
                        .requestMatchers(
                                HttpMethod.GET, "/api/customers", "/api/customers/*", "/api/customers/*/history")
                        .hasAnyRole(READERS)
                        .requestMatchers(HttpMethod.POST, "/api/directories")
                        .hasRole(ApiRole.ADMIN.name())
                        .requestMatchers(HttpMethod.PUT, "/api/directories/*")
                        .hasRole(ApiRole.ADMIN.name())
                        .requestMatchers(HttpMethod.GET, "/api/directories", "/api/directories/*")
                        .hasAnyRole(READERS)
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/jobs",
                                "/api/jobs/batch",
                                "/api/jobs/*/retry",
                                "/api/jobs/*/cancel",
                                "/api/jobs/*/results/*/retry",
                                "/api/jobs/*/share")
                        .hasAnyRole(WRITERS)
                        // Staff record a directory's result by hand (com.autobolt.api.lease.ManualResultController).
                        .requestMatchers(HttpMethod.POST, "/api/jobs/*/results/*")
                        .hasAnyRole(WRITERS)
                        // HTTP workers lease and report external tasks; nothing else is open to their keys
                        // (but /api/me), and no other key may lease.
                        .requestMatchers(HttpMethod.GET, "/api/autobolt/jobs/next")
                        .hasRole(ApiRole.WORKER.name())
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/autobolt/jobs/next",
                                "/api/autobolt/jobs/update",
                                "/api/autobolt/jobs/complete")
                        .hasRole(ApiRole.WORKER.name())
                        .requestMatchers(HttpMethod.GET, "/api/jobs/*/shares")
                        .hasAnyRole(WRITERS)
                        .requestMatchers(HttpMethod.DELETE, "/api/jobs/*/shares/*")
                        .hasAnyRole(WRITERS)
                        .requestMatchers(
                                HttpMethod.GET,
                                "/api/jobs",
                                "/api/jobs/*",
                                "/api/jobs/*/results",
                                "/api/jobs/*/history")
                        .hasAnyRole(READERS)
                        .requestMatchers(HttpMethod.GET, "/api/stats")
                        .hasAnyRole(READERS)
                        .requestMatchers(HttpMethod.GET, "/api/operations")
                        .hasAnyRole(WRITERS)
                        .requestMatchers(HttpMethod.GET, "/api/events", "/api/jobs/*/events")
                        .hasAnyRole(READERS)
                        .requestMatchers(HttpMethod.GET, "/api/me")
                        .authenticated()
                        .anyRequest()
                        .denyAll());
        return http.build();
    }

    private static String roleOf(Authentication authentication) {
        return authentication instanceof ApiKeyAuthenticationFilter.ApiKeyAuthentication key
                ? key.role().value()
                : "none";
    }
}
