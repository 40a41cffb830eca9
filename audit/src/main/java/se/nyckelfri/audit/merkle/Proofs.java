package se.nyckelfri.audit.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Verification of RFC 9162 proofs, exactly the algorithms of §2.1.3.2 (inclusion) and §2.1.4.2 (consistency).
 *
 * <p>Every method answers with a {@link Result}; nothing here throws on bad input. Hashes of the wrong length,
 * proofs that are too long or too short, impossible sizes and consistency from an empty tree (which proves
 * nothing) are all failures with a reason.
 *
 * <p>Thread-safe: stateless.
 */
public final class Proofs {

    private Proofs() {
    }

    /** The outcome of a verification: {@code ok}, or the reason it failed. */
    public record Result(boolean ok, String reason) {
        static final Result OK = new Result(true, null);

        static Result fail(String reason) {
            return new Result(false, reason);
        }
    }

    public static Result verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || size < 0 || index >= size) {
            return Result.fail("leaf index " + index + " is outside a tree of size " + size);
        }
        if (!isHash(leafHash) || !isHash(root) || !allHashes(proof)) {
            return Result.fail("every hash must be " + Hashes.SIZE + " bytes");
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return Result.fail("the proof is longer than the tree is deep");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = Hashes.node(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                r = Hashes.node(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            return Result.fail("the proof is shorter than the tree is deep");
        }
        return MessageDigest.isEqual(r, root) ? Result.OK : Result.fail("the proof leads to another root");
    }

    public static Result verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
        if (size1 < 0 || size2 < size1) {
            return Result.fail("size1 " + size1 + " must not exceed size2 " + size2);
        }
        if (size1 == 0) {
            return Result.fail("every tree is consistent with the empty tree; there is nothing to prove");
        }
        if (size1 == size2) {
            // Nothing to hash: the same tree must simply have the same root (as transparency-dev/merkle decides).
            if (proof == null || !proof.isEmpty()) {
                return Result.fail("equal sizes need an empty proof");
            }
            return root1 != null && MessageDigest.isEqual(root1, root2) ? Result.OK
                    : Result.fail("equal sizes with different roots");
        }
        if (!isHash(root1) || !isHash(root2) || !allHashes(proof)) {
            return Result.fail("every hash must be " + Hashes.SIZE + " bytes");
        }
        if (proof.isEmpty()) {
            return Result.fail("an empty proof cannot prove consistency between different sizes");
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(size1) == 1) {
            path.add(0, root1);
        }
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                return Result.fail("the proof is longer than the trees are deep");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = Hashes.node(c, fr);
                sr = Hashes.node(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                sr = Hashes.node(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            return Result.fail("the proof is shorter than the trees are deep");
        }
        if (!MessageDigest.isEqual(fr, root1)) {
            return Result.fail("the proof does not lead to the first root");
        }
        return MessageDigest.isEqual(sr, root2) ? Result.OK : Result.fail("the proof does not lead to the second root");
    }

    private static boolean isHash(byte[] hash) {
        return hash != null && hash.length == Hashes.SIZE;
    }

    private static boolean allHashes(List<byte[]> proof) {
        if (proof == null || proof.size() > 64) {
            return false;
        }
        for (byte[] p : proof) {
            if (!isHash(p)) {
                return false;
            }
        }
        return true;
    }
}
