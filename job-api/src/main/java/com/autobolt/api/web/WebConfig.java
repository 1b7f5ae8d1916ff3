package com.autobolt.api.web;

import com.autobolt.api.error.ProblemWriter;
import com.autobolt.schemas.JobStatus;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
class WebConfig implements WebMvcConfigurer {

    /** First of all: every answer, also a refusal by a later filter, carries the security headers. */
    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
        FilterRegistrationBean<SecurityHeadersFilter> registration =
                new FilterRegistrationBean<>(new SecurityHeadersFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Right after: every answer, a refusal too, names the request it answers. */
    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /** Before Spring Security's chain: an oversized body is refused before any work is done on it. */
    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(ProblemWriter problems) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /**
     * After the security chain (default order): an unreadable Content-Type, or an Accept nothing can answer,
     * is refused before any work.
     */
    @Bean
    FilterRegistrationBean<MediaTypesFilter> mediaTypesFilter(ProblemWriter problems) {
        return new FilterRegistrationBean<>(new MediaTypesFilter(problems));
    }

    /** Query parameters use the lower-case vocabulary ({@code ?status=in_progress}), as the JSON does. */
    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverter(String.class, JobStatus.class, JobStatus::fromValue);
    }
}
