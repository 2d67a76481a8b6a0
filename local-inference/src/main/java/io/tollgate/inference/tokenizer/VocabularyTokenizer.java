package io.tollgate.inference.tokenizer;

import java.util.Set;
import java.util.function.IntFunction;

/** What every tokenizer answers from its vocabulary alone: ids, special tokens and each token's bytes. */
abstract class VocabularyTokenizer implements Tokenizer {

    final Vocabulary vocabulary;
    /** The bytes each token stands for in decoded text, computed once. */
    final byte[][] bytesOfToken;

    VocabularyTokenizer(Vocabulary vocabulary, IntFunction<byte[]> bytesOf) {
        this.vocabulary = vocabulary;
        bytesOfToken = new byte[vocabulary.size()][];
        for (int id = 0; id < bytesOfToken.length; id++) bytesOfToken[id] = bytesOf.apply(id);
    }

    @Override
    public byte[] tokenBytes(int id) {
        return bytesOfToken[vocabulary.checked(id)].clone();
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }

    @Override
    public int bosId() {
        return vocabulary.bos;
    }

    @Override
    public int eosId() {
        return vocabulary.eos;
    }

    @Override
    public Set<Integer> stopIds() {
        return vocabulary.stopIds;
    }

    @Override
    public String tokenText(int id) {
        return vocabulary.text(id);
    }

    @Override
    public boolean addBos() {
        return vocabulary.addBos;
    }
}
