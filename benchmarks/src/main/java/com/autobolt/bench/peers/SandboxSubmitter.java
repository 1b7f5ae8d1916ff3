package com.autobolt.bench.peers;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * One submission: the business profile POSTed to the directory's sandbox site, with an
 * {@code Idempotency-Key} of system, job and directory, so the sandbox counts repeats per system. As the
 * AutoBolt worker does it: Apache HttpClient 5, classic, kept-alive pooled connections, one try.
 */
final class SandboxSubmitter implements AutoCloseable {

    record Outcome(boolean submitted, int httpStatus) {}

    private final String system;
    private final String sandboxBaseUrl;
    private final CloseableHttpClient http;

    SandboxSubmitter(String system, String sandboxBaseUrl, int connections) {
        this.system = system;
        this.sandboxBaseUrl = sandboxBaseUrl;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(connections)
                        .setMaxConnTotal(connections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(2))
                                .setSocketTimeout(Timeout.ofSeconds(10))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(10, TimeUnit.SECONDS)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .build();
    }

    /** A failed exchange is a {@code failed} outcome (status 0), never an exception: every task ends. */
    Outcome submit(String jobId, String directoryId, String profileJson) {
        HttpPost post = new HttpPost(sandboxBaseUrl + "/directories/" + directoryId + "/submit");
        post.setHeader("Idempotency-Key", system + ":" + jobId + ":" + directoryId);
        post.setEntity(new StringEntity(profileJson, ContentType.APPLICATION_JSON));
        try {
            return http.execute(post, response -> {
                EntityUtils.consume(response.getEntity());
                int status = response.getCode();
                return new Outcome(status >= 200 && status < 300, status);
            });
        } catch (IOException e) {
            return new Outcome(false, 0);
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
