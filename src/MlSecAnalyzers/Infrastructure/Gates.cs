using System;
using System.Threading;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// The lock around a once-per-compilation computation (the word index, the endpoint facts, a literal's sinks across
/// files) that other callbacks wait for. A waiter checks its own cancellation between short waits: the IDE cancels a
/// file's analysis when the file changes, and that callback should end at once, not when another callback's
/// computation does. Pair with <c>Monitor.Exit</c> in a <c>finally</c>.
/// </summary>
internal static class Gates
{
    private static readonly TimeSpan WaitSlice = TimeSpan.FromMilliseconds(20);

    public static void Enter(object gate, CancellationToken cancellationToken)
    {
        while (!Monitor.TryEnter(gate, WaitSlice))
            cancellationToken.ThrowIfCancellationRequested();
    }
}
