package com.autobolt.stack.deployment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What every deployment file must get right for a service, whatever its format (docker-compose.yml,
 * the Kubernetes manifests): each rule returns what is wrong, in words an operator can act on.
 */
final class DeploymentRules {

    /** Names whose values are credentials: never written in a deployment file, always from a secret. */
    static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|_API_KEYS|JAAS_CONFIG|SECRET).*");

    private DeploymentRules() {}

    /**
     * @param databaseSecrets the secrets any service of the file takes its database settings from
     */
    static List<String> problems(DeployedService service, ServiceSettings settings, Set<String> databaseSecrets) {
        List<String> problems = new ArrayList<>();
        service.environment().forEach((name, variable) -> {
            if (name.startsWith("AUTOBOLT_") && !settings.reads(name)) {
                problems.add(service.where() + ": " + name + " is not read by " + settings.module());
            }
            if (SECRET_NAME.matcher(name).matches() && variable.secrets().isEmpty()) {
                problems.add(service.where() + ": " + name
                        + " is a credential: take it from a secret, do not write it in the file");
            }
            if (!settings.usesDatabase()) {
                for (String secret : variable.secrets()) {
                    if (databaseSecrets.contains(secret)) {
                        problems.add(service.where() + ": " + name + " takes the database secret " + secret + ", but "
                                + settings.module() + " has no database");
                    }
                }
            }
        });
        for (Set<String> alternatives : settings.required()) {
            if (alternatives.stream().noneMatch(name -> settings.sets(name, service.values()))) {
                problems.add(service.where() + ": sets none of " + alternatives + ", which " + settings.module()
                        + " needs outside a developer's machine");
            }
        }
        Duration budget = settings.shutdownBudget(service.values());
        if (service.stopGrace() == null || service.stopGrace().compareTo(budget) <= 0) {
            problems.add(service.where() + ": the grace period after SIGTERM (" + service.stopGrace()
                    + ") must be longer than " + settings.module() + "'s shutdown (" + budget
                    + ": a Spring shutdown phase plus its own drains), or it is killed mid-drain");
        }
        return problems;
    }
}
