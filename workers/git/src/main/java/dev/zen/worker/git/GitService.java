package dev.zen.worker.git;

import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.ToolDefinition;
import dev.zen.worker.runtime.WorkerService;
import dev.zen.worker.runtime.settings.Setting;
import dev.zen.worker.runtime.settings.Settings;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The {@code git} service: the {@code git_*} tools over repositories under one jailed root
 * ({@code GIT_ROOT}), all sharing one {@link GitRepositories} (its locks, remote guard and
 * redaction). JGit only: nothing runs the git command line or a program a repository names.
 */
public final class GitService implements WorkerService {

    public static final String SERVICE = "git";

    @Override
    public String name() {
        return SERVICE;
    }

    @Override
    public String summary() {
        return "git repositories under one jailed root (JGit, no git command line)";
    }

    @Override
    public List<Setting<?>> settings() {
        return GitSettings.ALL;
    }

    @Override
    public ServiceDefinition define(Settings values, String version) {
        return definition(GitSettings.from(values), version);
    }

    @Override
    public String describe(Settings values) {
        return describe(GitSettings.from(values));
    }

    /** Root, allowlist, protected branches and which hosts have credentials of which kind: never a secret. */
    static String describe(GitSettings settings) {
        StringJoiner credentials = new StringJoiner(", ");
        for (Map.Entry<String, HostCredentials> host : settings.credentials().entrySet()) {
            HostCredentials value = host.getValue();
            credentials.add(host.getKey() + " (" + (value.ssh() != null && value.https() != null ? "ssh, https"
                    : value.ssh() != null ? "ssh" : "https") + ")");
        }
        return "root " + settings.root()
                + ", remote allowlist " + (settings.remoteAllowlist().isEmpty() ? "empty (only local repositories inside the root)"
                        : String.join(",", settings.remoteAllowlist()))
                + ", protected branches " + (settings.protectedBranches().isEmpty() ? "none" : String.join(",", settings.protectedBranches()))
                + ", credentials for " + (settings.credentials().isEmpty() ? "no host" : credentials.toString());
    }

    /** The service's tools over one {@link GitRepositories} for {@code settings}. */
    public static ServiceDefinition definition(GitSettings settings, String version) {
        GitRepositories repositories = new GitRepositories(settings);
        List<ToolDefinition> tools = List.of(
                GitStatusTool.definition(repositories, settings),
                GitLogTool.definition(repositories, settings),
                GitDiffTool.definition(repositories, settings),
                GitShowTool.definition(repositories, settings),
                GitAddTool.definition(repositories, settings),
                GitCommitTool.definition(repositories, settings),
                GitBranchTool.definition(repositories, settings),
                GitPushTool.definition(repositories, settings),
                GitFetchTool.definition(repositories, settings),
                GitPullTool.definition(repositories, settings),
                GitCloneTool.definition(repositories, settings));
        return new ServiceDefinition(SERVICE, version, tools);
    }
}
