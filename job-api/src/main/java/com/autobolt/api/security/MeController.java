package com.autobolt.api.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the presented key is: lets a client (the dashboard) show only what the key may do. */
@RestController
@Tag(name = "me")
class MeController {

    /**
     * The presented key's role ({@code admin}, {@code staff}, {@code viewer} or {@code worker}) and its
     * holder's name, as the audit trail records it.
     */
    record Me(String role, String name) {}

    @GetMapping("/api/me")
    @Operation(summary = "The role and holder's name of the presented API key (any role)")
    Me me(Authentication authentication) {
        ApiKeyAuthenticationFilter.ApiKeyAuthentication key =
                (ApiKeyAuthenticationFilter.ApiKeyAuthentication) authentication;
        return new Me(key.role().value(), key.getName());
    }
}
