package dev.zen.worker.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Computes the changes between two trees as per-file statistics and a patch text paged by file:
 * a page holds whole file patches up to the byte cap (a single file larger than the cap is cut at a
 * line end and flagged), and {@code nextFileOffset} says where the next page starts. Not thread-safe;
 * one instance per call.
 */
final class PatchPager {

    private static final int BINARY_THRESHOLD = 8 * 1024 * 1024;

    /**
     * One changed file.
     *
     * @param change {@code ADD}, {@code MODIFY}, {@code DELETE}, {@code RENAME} or {@code COPY}
     * @param oldPath path before (null for an added file)
     * @param newPath path after (null for a deleted file)
     * @param additions lines added (0 for a binary file)
     * @param deletions lines deleted (0 for a binary file)
     * @param binary whether the file is binary (no line statistics, no text patch)
     */
    public record FileChange(String change, String oldPath, String newPath, int additions, int deletions, boolean binary) {
    }

    /**
     * A page of a diff.
     *
     * @param files statistics of the files from {@code fileOffset} on (at most the status cap)
     * @param totalFiles how many files changed in all
     * @param patch unified diff text of the files from {@code fileOffset} on, up to the byte cap
     * @param patchFiles how many files the patch text covers
     * @param lastFileCut whether the last file's patch was cut because it alone exceeds the cap
     * @param truncated whether files or patch text follow on a later page
     * @param nextFileOffset the {@code from_file} of the next page (the tools answer it as {@code next_file}), or null
     */
    public record Page(List<FileChange> files, int totalFiles, String patch, int patchFiles, boolean lastFileCut, boolean truncated,
            Integer nextFileOffset) {
    }

    private final Repository repository;
    private final int maxBytes;
    private final int maxFiles;

    PatchPager(Repository repository, int maxBytes, int maxFiles) {
        this.repository = repository;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
    }

    /**
     * @param trackedOnly when the new side is the worktree: the index, whose paths alone count (git diff
     *     shows no untracked files); null otherwise
     */
    Page page(AbstractTreeIterator oldTree, AbstractTreeIterator newTree, TreeFilter paths, int contextLines, boolean detectRenames,
            DirCache trackedOnly, int fileOffset) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DiffFormatter formatter = new DiffFormatter(buffer)) {
            formatter.setRepository(repository);
            formatter.setContext(contextLines);
            formatter.setDetectRenames(detectRenames);
            formatter.setBinaryFileThreshold(BINARY_THRESHOLD);
            formatter.setPathFilter(paths);
            List<DiffEntry> entries = new ArrayList<>(formatter.scan(oldTree, newTree));
            if (trackedOnly != null) {
                entries.removeIf(entry -> entry.getChangeType() == DiffEntry.ChangeType.ADD && trackedOnly.findEntry(entry.getNewPath()) < 0);
            }
            List<FileChange> files = new ArrayList<>();
            ByteArrayOutputStream patch = new ByteArrayOutputStream();
            int patchFiles = 0;
            boolean cut = false;
            Integer next = null;
            int end = Math.min(entries.size(), fileOffset + maxFiles);
            for (int i = fileOffset; i < end; i++) {
                DiffEntry entry = entries.get(i);
                FileHeader header = formatter.toFileHeader(entry);
                files.add(change(entry, header));
                if (next == null) {
                    buffer.reset();
                    formatter.format(entry);
                    formatter.flush();
                    byte[] bytes = buffer.toByteArray();
                    if (patch.size() + bytes.length <= maxBytes) {
                        patch.write(bytes);
                        patchFiles++;
                    } else if (patch.size() == 0) {
                        patch.write(bytes, 0, cutAtLineEnd(bytes, maxBytes));
                        patchFiles++;
                        cut = true;
                        next = i + 1;
                    } else {
                        next = i;
                    }
                }
            }
            if (next == null && end < entries.size()) {
                next = end;
            }
            if (next != null && next >= entries.size()) {
                next = null;
            }
            return new Page(List.copyOf(files), entries.size(), patch.toString(StandardCharsets.UTF_8), patchFiles, cut, next != null, next);
        }
    }

    private static FileChange change(DiffEntry entry, FileHeader header) {
        int additions = 0;
        int deletions = 0;
        boolean binary = header.getPatchType() != FileHeader.PatchType.UNIFIED;
        if (!binary) {
            for (Edit edit : header.toEditList()) {
                additions += edit.getLengthB();
                deletions += edit.getLengthA();
            }
        }
        String oldPath = entry.getChangeType() == DiffEntry.ChangeType.ADD ? null : entry.getOldPath();
        String newPath = entry.getChangeType() == DiffEntry.ChangeType.DELETE ? null : entry.getNewPath();
        return new FileChange(entry.getChangeType().name(), oldPath, newPath, additions, deletions, binary);
    }

    private static int cutAtLineEnd(byte[] bytes, int max) {
        for (int i = Math.min(max, bytes.length) - 1; i > 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        // one line longer than the cap: cut on a UTF-8 character boundary
        int cut = Math.min(max, bytes.length);
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return cut;
    }
}
