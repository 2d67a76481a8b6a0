package io.tollgate.inference.cuda;

import io.tollgate.inference.gguf.GgmlType;
import io.tollgate.inference.gguf.GgufTensor;
import io.tollgate.inference.gguf.Quantizer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The token embedding table kept on the host in its file encoding; a pass decodes only the rows it needs. */
final class HostEmbeddings {
    private final GgmlType type;
    private final int columns;
    private final int rows;
    private final ByteBuffer data;

    HostEmbeddings(GgufTensor tensor) {
        type = tensor.type();
        columns = tensor.columns();
        rows = tensor.rows();
        byte[] copy = new byte[Math.toIntExact(type.bytesFor(tensor.elements()))];
        tensor.data().duplicate().get(0, copy); // the source (a mapped file) may be closed after loading
        data = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
    }

    int rows() { return rows; }

    void row(int token, float[] out, int offset) {
        System.arraycopy(Quantizer.decode(type, data, (long) token * columns, columns), 0, out, offset, columns);
    }
}
