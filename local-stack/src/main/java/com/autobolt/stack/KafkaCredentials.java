package com.autobolt.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The local stack's Kafka credentials, generated on the first start and kept owner-readable in the
 * data directory ({@link StackSettings#kafkaCredentialsFile()}). Every client of the brokers, the
 * services' and the launcher's own, authenticates with SCRAM-SHA-512 as {@link #CLIENT_USER}; the
 * brokers talk to each other with SCRAM-SHA-512 as {@link #BROKER_USER}, and to the controllers with
 * SASL/PLAIN as {@link #CONTROLLER_USER} (KRaft's controllers cannot check SCRAM: the credentials live
 * in the metadata log they serve). The SCRAM users are written into the metadata when the nodes are
 * formatted. {@link #toString()} shows no password: these never go to a log or the terminal.
 */
record KafkaCredentials(String clientPassword, String brokerPassword, String controllerPassword) {

    static final String CLIENT_USER = "autobolt";
    static final String BROKER_USER = "broker";
    static final String CONTROLLER_USER = "controller";
    static final String SECURITY_PROTOCOL = "SASL_PLAINTEXT";
    static final String MECHANISM = "SCRAM-SHA-512";

    static KafkaCredentials loadOrCreate(Path file) {
        if (Files.exists(file)) {
            Properties properties = Secrets.read(file);
            return new KafkaCredentials(
                    required(properties, "client.password", file),
                    required(properties, "broker.password", file),
                    required(properties, "controller.password", file));
        }
        KafkaCredentials credentials =
                new KafkaCredentials(Secrets.newSecret(), Secrets.newSecret(), Secrets.newSecret());
        Properties properties = new Properties();
        properties.setProperty("client.username", CLIENT_USER);
        properties.setProperty("client.password", credentials.clientPassword());
        properties.setProperty("broker.username", BROKER_USER);
        properties.setProperty("broker.password", credentials.brokerPassword());
        properties.setProperty("controller.username", CONTROLLER_USER);
        properties.setProperty("controller.password", credentials.controllerPassword());
        Secrets.write(
                file,
                properties,
                "AutoBolt local stack Kafka passwords, written into Kafka's metadata when it was formatted;"
                        + " never commit them");
        return credentials;
    }

    private static String required(Properties properties, String key, Path file) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new StackException(
                    file + " has no " + key + "; restore it, or start with --fresh (deletes the data)");
        }
        return value;
    }

    /** What a Kafka client needs to authenticate as the stack's client user. */
    Map<String, String> clientProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("security.protocol", SECURITY_PROTOCOL);
        properties.put("sasl.mechanism", MECHANISM);
        properties.put("sasl.jaas.config", scramLogin(CLIENT_USER, clientPassword));
        return properties;
    }

    /**
     * {@link #clientProperties()} as the services take them: {@code AUTOBOLT_KAFKA_CLIENT_<property,
     * dots as underscores, upper case>}, passed to each of their Kafka clients.
     */
    Map<String, String> serviceEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        clientProperties()
                .forEach((key, value) -> environment.put(
                        "AUTOBOLT_KAFKA_CLIENT_" + key.replace('.', '_').toUpperCase(Locale.ROOT), value));
        return environment;
    }

    /** The format tool's arguments that write the SCRAM users into a new cluster's metadata. */
    List<String> scramFormatArguments() {
        return List.of(
                "--add-scram",
                MECHANISM + "=[name=" + CLIENT_USER + ",password=" + clientPassword + "]",
                "--add-scram",
                MECHANISM + "=[name=" + BROKER_USER + ",password=" + brokerPassword + "]");
    }

    /** The broker's own login on its SCRAM listener, as a client of the other brokers. */
    String brokerJaasConfig() {
        return scramLogin(BROKER_USER, brokerPassword);
    }

    /**
     * The controller listener's PLAIN login: the user it accepts ({@code user_<name>}) and the one a
     * node logs in with as a client of the other controllers.
     */
    String controllerJaasConfig() {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + CONTROLLER_USER
                + "\" password=\"" + controllerPassword + "\" user_" + CONTROLLER_USER + "=\"" + controllerPassword
                + "\";";
    }

    private static String scramLogin(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** {@code text} with every password replaced, for an error message that may quote one. */
    String masked(String text) {
        return text.replace(clientPassword, "***")
                .replace(brokerPassword, "***")
                .replace(controllerPassword, "***");
    }

    @Override
    public String toString() {
        return "KafkaCredentials[users " + CLIENT_USER + ", " + BROKER_USER + ", " + CONTROLLER_USER
                + "; passwords hidden]";
    }
}
