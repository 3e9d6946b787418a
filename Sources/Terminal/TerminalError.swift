/// Why the terminal could not be used; the message says what to do.
public struct TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// Standard input or output is not a terminal.
        case notATerminal
        /// TERM is unset or names a terminal the terminfo database does not know.
        case unknownTerminal
        /// The terminal cannot move the cursor (`TERM=dumb`, printing terminals).
        case cannotAddressCursor
        /// ncurses failed in another way.
        case cursesFailed
    }
    public var kind: Kind
    /// The TERM value involved, if any.
    public var term: String?
    public var message: String

    public init(kind: Kind, term: String?, message: String) {
        self.kind = kind
        self.term = term
        self.message = message
    }

    public var description: String { message }
}
