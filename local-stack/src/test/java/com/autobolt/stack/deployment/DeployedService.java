package com.autobolt.stack.deployment;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One service as a deployment file runs it.
 *
 * @param where the file and the service, for messages
 * @param module the repository module the service is built from
 * @param environment every environment variable the file gives it
 * @param stopGrace how long the platform waits after SIGTERM before it kills the service
 */
record DeployedService(String where, String module, Map<String, Variable> environment, Duration stopGrace) {

    /**
     * One environment variable.
     *
     * @param value what the file writes for it; null when it is taken from elsewhere (a Kubernetes
     *     Secret or field)
     * @param secrets where its value comes from when that is a secret: the variables a compose value
     *     interpolates from the operator's environment, the Kubernetes Secrets it references
     */
    record Variable(String value, Set<String> secrets) {
        static Variable literal(String value) {
            return new Variable(value, Set.of());
        }
    }

    /** The variables with a value written in the file, as the service would see them. */
    Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        environment.forEach((name, variable) -> values.put(name, variable.value() == null ? "" : variable.value()));
        return values;
    }

    DeployedService with(String name, Variable variable) {
        Map<String, Variable> changed = new LinkedHashMap<>(environment);
        changed.put(name, variable);
        return new DeployedService(where, module, changed, stopGrace);
    }
}
