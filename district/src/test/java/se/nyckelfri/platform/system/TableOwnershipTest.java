package se.nyckelfri.platform.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each module owns its tables: the module whose Liquibase changelog creates a table is the only one whose code names
 * it in SQL ({@code FROM}, {@code JOIN}, {@code INTO}, {@code UPDATE}, {@code TABLE}; in capitals anywhere, in any case
 * inside a string that is a statement) or maps it with JPA ({@code @Table(name = …)}); the others call its API. Read
 * from the sources (comments aside, so prose such as "no reply from gateway" in a message is not taken for SQL).
 */
class TableOwnershipTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern CREATE_OR_DROP = Pattern.compile(
            "(?i)\\b(CREATE|DROP)\\s+TABLE\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?([a-z_][a-z0-9_]*)");
    /** A table after an SQL keyword in capitals, as all SQL here is written; anywhere in the code. */
    private static final Pattern NAMED_IN_SQL = Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+([a-z_][a-z0-9_]*)\\b");
    /** The same in any case, inside a string literal that is a statement (for SQL written in lower case). */
    private static final Pattern NAMED_IN_ANY_CASE = Pattern.compile("(?i)\\b(?:from|join|into|update|table)\\s+([a-z_][a-z0-9_]*)\\b");
    private static final Pattern STATEMENT = Pattern.compile(
            "(?is)\\bselect\\b.*\\bfrom\\b|\\binsert\\s+into\\b|\\bupdate\\s+\\w+\\s+set\\b|\\bdelete\\s+from\\b");
    private static final Pattern LITERAL = Pattern.compile("(?s)\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern JPA_TABLE = Pattern.compile(
            "@(?:Table|CollectionTable|JoinTable)\\s*\\(\\s*name\\s*=\\s*\"([a-z_][a-z0-9_]*)\"");
    private static final Pattern CREATE_VIEW = Pattern.compile("(?i)\\bCREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+([a-z_][a-z0-9_]*)");
    /** A feature module's claim, on its package-info: {@code @OwnsTables(value = {…}, views = {…})} or {@code @OwnsTables({…})}. */
    private static final Pattern OWNS = Pattern.compile("(?s)@OwnsTables\\((.*?)\\)\\s*package\\s+([\\w.]+);");
    private static final Pattern VIEWS = Pattern.compile("(?s)views\\s*=\\s*\\{(.*?)}");
    private static final Pattern NAME = Pattern.compile("\"([a-z_][a-z0-9_]*)\"");
    private static final String FEATURES = "access-service/src/main/java/se/nyckelfri/access/";

    @Test
    void tablesWhenNamedInCodeThenOnlyByTheModuleWhoseChangelogCreatesThem() {
        Map<String, String> owners = owners(ROOT);
        assertThat(owners).as("tables found in the changelogs").containsKeys("access_grant", "audit_entry", "login_credential");
        assertThat(violations(ROOT, owners)).as("tables named outside their owning module").isEmpty();
    }

    /** The check itself: a planted query on another module's table is found. */
    @Test
    void violationsWhenAModuleQueriesAnotherModulesTableThenFound(@TempDir Path repo) throws IOException {
        write(repo.resolve("audit/src/main/resources/db/changelog/audit/changelog.sql"), "CREATE TABLE audit_entry (idx bigint);");
        write(repo.resolve("access-service/src/main/resources/db/changelog/access/changelog.sql"),
                "CREATE TABLE IF NOT EXISTS door (id uuid);");
        write(repo.resolve("access-service/src/main/java/x/Doors.java"), "class Doors { String q = \"SELECT id FROM door\"; }");
        write(repo.resolve("mobile-api/src/main/java/x/Sneaky.java"),
                "class Sneaky { String q = \"SELECT d.id FROM door d JOIN audit_entry e ON true\"; }");
        write(repo.resolve("platform/src/main/java/x/Entity.java"), "@Table(name = \"door\") class Entity { }");
        write(repo.resolve("platform/src/main/java/x/Lower.java"),
                "class Lower { String q = \"select id from door\"; String prose = \"refused a receipt from door {}\"; }");
        write(repo.resolve("web-console/src/main/java/x/Prose.java"), "class Prose { String s = \"no reply from door 7\"; }");
        // a table that moved: created and dropped by its old owner, created by its new one, used by the new one
        write(repo.resolve("access-service/src/main/resources/db/changelog/access/later.sql"), "DROP TABLE unlock_request;");
        write(repo.resolve("access-service/src/main/resources/db/changelog/access/changelog.sql"),
                "CREATE TABLE IF NOT EXISTS door (id uuid); CREATE TABLE unlock_request (k text);");
        write(repo.resolve("mobile-api/src/main/resources/db/changelog/mobile/changelog.sql"), "CREATE TABLE unlock_request (k text);");
        write(repo.resolve("mobile-api/src/main/java/x/Unlocks.java"), "class Unlocks { String q = \"UPDATE unlock_request SET k = 1\"; }");
        assertThat(violations(repo, owners(repo))).containsExactly(
                "mobile-api/src/main/java/x/Sneaky.java names audit_entry (owned by audit)",
                "mobile-api/src/main/java/x/Sneaky.java names door (owned by access-service)",
                "platform/src/main/java/x/Entity.java names door (owned by access-service)",
                "platform/src/main/java/x/Lower.java names door (owned by access-service)");
    }

    @Test
    void tablesOfTheAccessServiceWhenNamedThenOnlyByTheFeatureModuleThatClaimsThem() {
        assertThat(featureViolations(ROOT)).as("access-service's tables named outside their feature").isEmpty();
    }

    /** The check itself: a feature querying another's table, a table nobody claims and one claimed twice are found. */
    @Test
    void featureViolationsWhenAFeatureQueriesAnotherFeaturesTableThenFound(@TempDir Path repo) throws IOException {
        write(repo.resolve("access-service/src/main/resources/db/changelog/access/changelog.sql"), """
                CREATE TABLE door (id uuid); CREATE TABLE lock_device (id uuid); CREATE TABLE access_grant (id uuid);
                CREATE TABLE orphan (id uuid); CREATE OR REPLACE VIEW lock_status AS SELECT id FROM lock_device;""");
        write(repo.resolve(FEATURES + "premises/package-info.java"),
                "@OwnsTables(value = {\"door\", \"lock_device\"}, views = {\"lock_status\"})\npackage se.nyckelfri.access.premises;");
        write(repo.resolve(FEATURES + "grant/package-info.java"), "@OwnsTables({\"access_grant\", \"door\"})\npackage se.nyckelfri.access.grant;");
        write(repo.resolve(FEATURES + "grant/policy/Decisions.java"),
                "class Decisions { String q = \"SELECT g.id FROM access_grant g JOIN lock_status s ON true JOIN lock_device l ON true\"; }");
        write(repo.resolve(FEATURES + "premises/Doors.java"), "class Doors { String q = \"SELECT id FROM door\"; }");
        write(repo.resolve(FEATURES + "visits/Visits.java"),
                "@CollectionTable(name = \"door\", joinColumns = @JoinColumn(name = \"x\")) class Visits { }");
        assertThat(featureViolations(repo)).containsExactly(
                "access-service/src/main/java/se/nyckelfri/access/grant/policy/Decisions.java names lock_device (owned by feature premises)",
                "access-service/src/main/java/se/nyckelfri/access/visits/Visits.java names door (owned by feature premises)",
                "door is claimed by both grant and premises",
                "orphan is claimed by no feature");
    }

    /**
     * Table name to the module whose changelog creates it (and does not drop it again: a table that moved to another
     * module is dropped by its old owner's changelog). A table two modules create fails the test.
     */
    static Map<String, String> owners(Path root) {
        Map<String, String> owners = new TreeMap<>();
        for (Path module : modules(root)) {
            String name = module.getFileName().toString();
            Set<String> own = new LinkedHashSet<>();
            for (Path file : files(module.resolve("src/main/resources/db/changelog"), ".sql")) {
                Matcher m = CREATE_OR_DROP.matcher(read(file));
                while (m.find()) {
                    String table = m.group(2).toLowerCase();
                    if (m.group(1).equalsIgnoreCase("CREATE")) {
                        own.add(table);
                    } else {
                        own.remove(table);
                    }
                }
            }
            for (String table : own) {
                String earlier = owners.put(table, name);
                assertThat(earlier).as("table " + table + " is created by both " + earlier + " and " + name).isNull();
            }
        }
        return owners;
    }

    static List<String> violations(Path root, Map<String, String> owners) {
        List<String> found = new ArrayList<>();
        for (Path module : modules(root)) {
            String name = module.getFileName().toString();
            for (Path source : files(module.resolve("src/main/java"), ".java")) {
                for (String table : namedIn(read(source))) {
                    String owner = owners.get(table);
                    if (owner != null && !owner.equals(name)) {
                        found.add(root.relativize(source) + " names " + table + " (owned by " + owner + ")");
                    }
                }
            }
        }
        found.sort(null);
        return found;
    }

    /** The tables (and views) {@code java} names in SQL or maps with JPA. */
    private static Set<String> namedIn(String java) {
        String text = withoutComments(java);
        Set<String> named = new TreeSet<>();
        for (Pattern pattern : List.of(NAMED_IN_SQL, JPA_TABLE)) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                named.add(m.group(1).toLowerCase());
            }
        }
        Matcher literals = LITERAL.matcher(text);
        while (literals.find()) {
            String literal = literals.group(1) != null ? literals.group(1) : literals.group(2);
            if (STATEMENT.matcher(literal).find()) {
                Matcher m = NAMED_IN_ANY_CASE.matcher(literal);
                while (m.find()) {
                    named.add(m.group(1).toLowerCase());
                }
            }
        }
        return named;
    }

    /**
     * Inside access-service, the feature modules' claims ({@code @OwnsTables} on each feature's package-info), checked
     * against its changelog: every table it creates is claimed by exactly one feature, every claimed table and view
     * exists. Then every feature's code (its package and sub-packages) names only its own tables, and views of any.
     */
    static List<String> featureViolations(Path root) {
        Path features = root.resolve(FEATURES);
        Map<String, String> tableOwner = new TreeMap<>();
        Set<String> views = new TreeSet<>();
        List<String> found = new ArrayList<>();
        for (Path info : files(features, "package-info.java")) {
            Matcher claim = OWNS.matcher(withoutComments(read(info)));
            if (!claim.find()) {
                continue;
            }
            String feature = features.relativize(info.getParent()).getName(0).toString();
            String tables = claim.group(1);
            Matcher viewList = VIEWS.matcher(tables);
            if (viewList.find()) {
                Matcher m = NAME.matcher(viewList.group(1));
                while (m.find()) {
                    views.add(m.group(1));
                }
                tables = tables.substring(0, viewList.start()) + tables.substring(viewList.end());
            }
            Matcher m = NAME.matcher(tables);
            while (m.find()) {
                String earlier = tableOwner.put(m.group(1), feature);
                if (earlier != null) {
                    found.add(m.group(1) + " is claimed by both " + earlier + " and " + feature);
                }
            }
        }
        Set<String> created = new TreeSet<>();
        Set<String> createdViews = new TreeSet<>();
        owners(root).forEach((table, module) -> {
            if (module.equals("access-service")) {
                created.add(table);
            }
        });
        for (Path file : files(root.resolve("access-service/src/main/resources/db/changelog"), ".sql")) {
            Matcher m = CREATE_VIEW.matcher(read(file));
            while (m.find()) {
                createdViews.add(m.group(1).toLowerCase());
            }
        }
        for (String table : created) {
            if (!tableOwner.containsKey(table)) {
                found.add(table + " is claimed by no feature");
            }
        }
        for (String table : tableOwner.keySet()) {
            if (!created.contains(table)) {
                found.add(table + " is claimed by " + tableOwner.get(table) + " but not created by access-service's changelog");
            }
        }
        for (String view : views) {
            if (!createdViews.contains(view)) {
                found.add("view " + view + " is claimed but not created by access-service's changelog");
            }
        }
        for (Path source : files(features, ".java")) {
            Path relative = features.relativize(source);
            String feature = relative.getNameCount() > 1 ? relative.getName(0).toString() : "(root)";
            for (String table : namedIn(read(source))) {
                String owner = tableOwner.get(table);
                if (owner != null && !owner.equals(feature)) {
                    found.add(root.relativize(source) + " names " + table + " (owned by feature " + owner + ")");
                }
            }
        }
        found.sort(null);
        return found;
    }

    /** Prose in comments ("read from the account") is not SQL. */
    private static String withoutComments(String java) {
        return java.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)^\\s*//.*$", " ");
    }

    private static List<Path> modules(Path root) {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> Files.isDirectory(p.resolve("src/main"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
