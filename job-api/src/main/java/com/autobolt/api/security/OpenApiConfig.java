package com.autobolt.api.security;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.media.ObjectSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/** The security schemes in the generated description: one key, sent either way. */
@Configuration
@OpenAPIDefinition(
        info =
                @Info(
                        title = "AutoBolt job-api",
                        version = "v1",
                        description =
                                "Customers, the directory catalog and directory-submission jobs. Every endpoint needs an"
                                        + " API key (role admin, staff, viewer or worker): use Authorize. Errors are"
                                        + " application/problem+json with a stable type per kind of error."),
        security = {@SecurityRequirement(name = "bearer"), @SecurityRequirement(name = "apiKey")})
@SecurityScheme(
        name = "bearer",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "Authorization: Bearer <key>")
@SecurityScheme(
        name = "apiKey",
        type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.HEADER,
        paramName = "X-Api-Key",
        description = "X-Api-Key: <key>")
class OpenApiConfig {

    static {
        // A JsonNode field (job metadata) is a free-form JSON object; left to itself springdoc described it
        // as a string, so generated clients and the API fuzzer sent strings.
        SpringDocUtils.getConfig()
                .replaceWithSchema(JsonNode.class, new ObjectSchema().additionalProperties(Boolean.TRUE));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return new ProblemResponses();
    }
}
