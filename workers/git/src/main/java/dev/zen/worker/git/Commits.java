package dev.zen.worker.git;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** Shared shapes of commit metadata in results. */
public final class Commits {

    private Commits() {
    }

    /**
     * One commit as log and show report it.
     *
     * @param hash full hash
     * @param author author name
     * @param email author e-mail
     * @param date author date, ISO-8601 with the author's offset
     * @param subject first line of the message
     * @param parents full hashes of the parents
     */
    public record Summary(String hash, String author, String email, String date, String subject, List<String> parents) {
    }

    static Summary summary(RevCommit commit) {
        PersonIdent author = commit.getAuthorIdent();
        return new Summary(commit.name(), author.getName(), author.getEmailAddress(), iso(author), commit.getShortMessage(), parents(commit));
    }

    static List<String> parents(RevCommit commit) {
        return java.util.Arrays.stream(commit.getParents()).map(RevCommit::name).toList();
    }

    static String iso(PersonIdent ident) {
        return OffsetDateTime.ofInstant(ident.getWhenAsInstant(), ident.getZoneId()).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
