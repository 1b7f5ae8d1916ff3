package com.autobolt.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * asyncapi.yaml (in the jar beside the schema files) describes exactly what subscribers may read: every published
 * topic of {@link Topics}, each with the schema file of its record and its key as {@link MessageKeys} builds it.
 */
class AsyncApiDocumentTest {

    /** Topic → the record published there: what a subscriber may read. */
    private static final Map<String, Class<?>> PUBLISHED = Map.of(
            Topics.JOBS, JobChanged.class,
            Topics.DIRECTORIES, DirectoryChanged.class,
            Topics.DIRECTORY_RESULTS, DirectoryResultReported.class,
            Topics.ANALYTICS_DIRECTORY_OUTCOMES, DirectoryOutcomeRecorded.class,
            Topics.ANALYTICS_JOBS, JobSummaryChanged.class);

    /** AutoBolt's own working topics: their shape may change with the services, so they are not offered. */
    private static final Set<String> INTERNAL = Set.of(
            Topics.DIRECTORY_TASKS,
            Topics.DIRECTORY_TASKS_PRIORITY,
            Topics.DIRECTORY_TASKS_EXTERNAL,
            Topics.DIRECTORY_BREAKERS);

    private static final UUID JOB = UUID.fromString("0b9c6c1e-8d2f-4a51-9e3a-5c7d8e9f0a1b");

    private final JsonNode document = new YAMLMapper().readTree(EventContractTest.resource("asyncapi.yaml"));

    @Test
    void shouldBeAnAsyncApi3Document() {
        assertThat(document.get("asyncapi").asText()).startsWith("3.");
        assertThat(document.at("/info/title").asText()).isNotBlank();
    }

    @Test
    void shouldClassifyEveryTopicAsPublishedOrInternal() throws IllegalAccessException {
        List<String> topics = new ArrayList<>();
        for (Field field : Topics.class.getDeclaredFields()) {
            if (Modifier.isPublic(field.getModifiers()) && field.getType() == String.class) {
                topics.add((String) field.get(null));
            }
        }
        assertThat(topics)
                .as("a new topic is either offered to subscribers (asyncapi.yaml) or listed as internal here")
                .allMatch(topic -> PUBLISHED.containsKey(topic) || INTERNAL.contains(topic));
    }

    @Test
    void shouldHaveOneChannelPerPublishedTopicAndNoOther() {
        assertThat(channelsByAddress().keySet()).containsExactlyInAnyOrderElementsOf(PUBLISHED.keySet());
    }

    @Test
    void shouldGiveEachTopicItsRecordsSchemaFile() {
        channelsByAddress().forEach((address, channel) -> {
            List<JsonNode> messages = messages(channel);
            assertThat(messages).as(address).hasSize(1);
            JsonNode message = messages.get(0);
            String file = message.at("/payload/schema/$ref").asText();
            assertThat(file).as(address).startsWith("./schemas/").endsWith(".v1.schema.json");
            JsonNode schema = EventJson.mapper().readTree(EventContractTest.resource(file.substring(2)));
            String record = PUBLISHED.get(address).getSimpleName();
            assertThat(schema.get("title").asText()).as(address).isEqualTo(record);
            assertThat(message.get("name").asText()).isEqualTo(record);
            assertThat(schema.get("description").asText())
                    .as("the schema file names its topic")
                    .contains(address);
            assertThat(message.at("/payload/schemaFormat").asText())
                    .isEqualTo("application/schema+json;version=draft-2020-12");
            assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        });
    }

    @Test
    void shouldDescribeEachTopicsKeyAsMessageKeysBuildsIt() {
        Map<String, String> sampleKeys = Map.of(
                Topics.JOBS, MessageKeys.job(JOB),
                Topics.DIRECTORIES, MessageKeys.directory("yelp-local"),
                Topics.DIRECTORY_RESULTS, MessageKeys.job(JOB),
                Topics.ANALYTICS_DIRECTORY_OUTCOMES, MessageKeys.outcome(JOB, "yelp-local"),
                Topics.ANALYTICS_JOBS, MessageKeys.job(JOB));
        channelsByAddress().forEach((address, channel) -> {
            JsonNode key = messages(channel).get(0).at("/bindings/kafka/key");
            String sample = sampleKeys.get(address);
            assertThat(key.get("type").asText()).isEqualTo("string");
            if (key.has("format")) {
                assertThat(key.get("format").asText()).isEqualTo("uuid");
                assertThat(UUID.fromString(sample).toString()).isEqualTo(sample);
            }
            if (key.has("pattern")) {
                assertThat(Pattern.compile(key.get("pattern").asText())
                                .matcher(sample)
                                .find())
                        .as(address + " key " + sample)
                        .isTrue();
            }
        });
        assertThat(messages(channelsByAddress().get(Topics.ANALYTICS_DIRECTORY_OUTCOMES))
                        .get(0)
                        .at("/bindings/kafka/key/pattern")
                        .isMissingNode())
                .isFalse();
    }

    @Test
    void shouldMarkTheTopicsThatNeedReadCommittedAndThoseWithPersonalData() {
        Map<String, JsonNode> channels = channelsByAddress();
        for (String transactional :
                List.of(Topics.DIRECTORY_RESULTS, Topics.ANALYTICS_DIRECTORY_OUTCOMES, Topics.ANALYTICS_JOBS)) {
            assertThat(channels.get(transactional)
                            .get("x-autobolt-read-committed")
                            .asBoolean())
                    .as(transactional)
                    .isTrue();
        }
        for (String analytics : List.of(Topics.ANALYTICS_DIRECTORY_OUTCOMES, Topics.ANALYTICS_JOBS)) {
            assertThat(channels.get(analytics).get("x-autobolt-personal-data")).isEmpty();
        }
        assertThat(channels.get(Topics.JOBS).get("x-autobolt-personal-data").toString())
                .contains("profile");
    }

    private Map<String, JsonNode> channelsByAddress() {
        Map<String, JsonNode> channels = new HashMap<>();
        document.get("channels")
                .properties()
                .forEach(entry -> channels.put(entry.getValue().get("address").asText(), entry.getValue()));
        return channels;
    }

    /** The channel's messages, their {@code $ref}s resolved within the document. */
    private List<JsonNode> messages(JsonNode channel) {
        List<JsonNode> messages = new ArrayList<>();
        channel.get("messages").forEach(message -> {
            String ref = message.get("$ref").asText();
            assertThat(ref).startsWith("#/");
            messages.add(document.at(ref.substring(1)));
        });
        return messages;
    }
}
