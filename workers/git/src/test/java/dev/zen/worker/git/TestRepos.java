package dev.zen.worker.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/** Repositories made by the tests themselves, with plain JGit, and snapshots to prove nothing changed. */
final class TestRepos {

    static final PersonIdent TESTER = new PersonIdent("Tester", "tester@example.org");

    private TestRepos() {
    }

    /** A repository on branch main with one commit holding the given files. */
    static Path repoWith(Path root, String name, Map<String, String> files) throws Exception {
        Path dir = root.resolve(name);
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            commit(git, "initial", files);
        }
        return dir;
    }

    static RevCommit commit(Git git, String message, Map<String, String> files) throws Exception {
        Path dir = git.getRepository().getWorkTree().toPath();
        for (var file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
            git.add().addFilepattern(file.getKey()).call();
        }
        return git.commit().setMessage(message).setAuthor(TESTER).setCommitter(TESTER).setSign(false).setNoVerify(true).call();
    }

    static RevCommit commit(Path dir, String message, Map<String, String> files) throws Exception {
        try (Git git = Git.open(dir.toFile())) {
            return commit(git, message, files);
        }
    }

    static Path bare(Path root, String name) throws Exception {
        Path dir = root.resolve(name);
        Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch("main").call().close();
        return dir;
    }

    /** A bare repository {@code name} whose main holds one commit with README.md = {@code readme} (a remote to serve). */
    static Path seededBare(Path dir, String name, String readme) throws Exception {
        Path bare = bare(dir, name);
        Path seed = repoWith(dir, "seed", Map.of("README.md", readme));
        addRemote(seed, "origin", bare.toString());
        try (Git git = Git.open(seed.toFile())) {
            git.push().setRemote("origin").add("main").call();
        }
        return bare;
    }

    static void addRemote(Path repo, String name, String url) throws Exception {
        try (Git git = Git.open(repo.toFile())) {
            var config = git.getRepository().getConfig();
            config.setString("remote", name, "url", url);
            config.setString("remote", name, "fetch", "+refs/heads/*:refs/remotes/" + name + "/*");
            config.save();
        }
    }

    static void setConfig(Path repo, String section, String subsection, String key, String value) throws Exception {
        try (Git git = Git.open(repo.toFile())) {
            var config = git.getRepository().getConfig();
            config.setString(section, subsection, key, value);
            config.save();
        }
    }

    static String head(Path repo) throws Exception {
        try (Repository repository = Git.open(repo.toFile()).getRepository()) {
            var id = repository.resolve("HEAD");
            return id == null ? null : id.name();
        }
    }

    /**
     * Everything an operation could change: refs, HEAD, state files and every file of the worktree
     * and of .git (except the ones JGit rewrites when it only reads: none for the operations here).
     */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = dir.relativize(file).toString();
                if (Files.isSymbolicLink(file)) {
                    out.put(name, "link:" + Files.readSymbolicLink(file));
                } else if (Files.isRegularFile(file)) {
                    out.put(name, sha(Files.readAllBytes(file)));
                } else {
                    out.put(name + "/", "dir");
                }
            }
        }
        return out;
    }

    static Map<String, String> refs(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Git git = Git.open(dir.toFile())) {
            for (Ref ref : git.getRepository().getRefDatabase().getRefs()) {
                out.put(ref.getName(), ref.getObjectId() == null ? "" : ref.getObjectId().name());
            }
            out.put("HEAD", String.valueOf(git.getRepository().getFullBranch()));
        }
        return out;
    }

    static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
