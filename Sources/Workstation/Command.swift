import DicomCore

/// Which instances the browser lists.
public struct InstanceQuery: Hashable, Sendable {
    public var needsReviewOnly: Bool
    public var modality: String?
    public var findingClass: FindingClass?
    public init(needsReviewOnly: Bool = false, modality: String? = nil, findingClass: FindingClass? = nil) {
        self.needsReviewOnly = needsReviewOnly
        self.modality = modality
        self.findingClass = findingClass
    }
    /// Whether a row passes the filters (what the runner's query must also do).
    public func matches(_ row: InstanceRow) -> Bool {
        if needsReviewOnly && row.state != .needsReview { return false }
        if let modality, row.modality != modality { return false }
        if let findingClass, !row.findingClasses.contains(findingClass) { return false }
        return true
    }
    public var isFiltered: Bool { needsReviewOnly || modality != nil || findingClass != nil }
}

/// What a search looks for in the list of the current query, ordered by patient, study, series, instance.
public enum SearchTarget: Hashable, Sendable {
    /// A row whose pseudonym, study, series, SOP key or modality contains the text (case-insensitive).
    case text(String)
    /// The next row needing review.
    case needsReview
    /// The next row with a mask edit or override waiting for a curator.
    case pendingEdit
}

/// The scope of a review decision.
public enum ReviewScope: Hashable, Sendable {
    case instance(InstanceID)
    case series(seriesKey: String)
    case study(studyKey: String)
}

/// A person's decision on instances.
public enum ReviewDecision: String, Hashable, Sendable { case approve, reject }

/// A side effect the update asks the runner to perform; each answers with messages.
public enum Command: Hashable, Sendable {
    /// Reply `.summaryLoaded`.
    case loadSummary
    /// Rows `offset..<offset+limit` of the query's list, ordered patient → study → series → instance.
    /// Reply `.pageLoaded`.
    case loadPage(InstanceQuery, offset: Int, limit: Int)
    /// The first index at or after `from` in the query's list matching the target, wrapping around.
    /// Reply `.searchResult`.
    case search(InstanceQuery, SearchTarget, from: Int)
    /// Reply `.tagDiffLoaded`.
    case loadTagDiff(InstanceID)
    /// Reply `.frameLoaded`.
    case loadFrame(FrameRequest)
    /// Approve or reject instances. Reply `.rowsChanged` and `.summaryLoaded`.
    case decide(ReviewScope, ReviewDecision)
    /// Accept (approve) or reject a proposed mask. Reply `.masksChanged` (and `.summaryLoaded`).
    case setMaskStatus(InstanceID, MaskID, MaskStatus)
    /// A manual mask. Reply `.masksChanged`.
    case addMask(InstanceID, frame: Int, PixelRect)
    /// Reply `.masksChanged`.
    case moveMask(InstanceID, MaskID, PixelRect)
    /// Reply `.masksChanged`.
    case deleteMask(InstanceID, MaskID)
    /// A curator approves (or turns down) every edit on the instance that waits for a curator and
    /// that someone else made. Reply `.rowsChanged`, `.masksChanged` and `.summaryLoaded`.
    case curate(InstanceID, approve: Bool)
    /// Approve over the findings, recording the reason. Reply `.rowsChanged` and `.summaryLoaded`.
    case override(InstanceID, reason: String)
    /// Write the output, sign the audit entry. Reply `.commitProgress`… then `.commitFinished` or `.commandFailed`.
    case commit(reviewer: String)
    /// Log that `reviewer` revealed the identity behind this instance, then reply `.identityRevealed`.
    case revealIdentity(InstanceID, reviewer: String)
}

/// Everything that changes the model: input, and the runner's answers to commands.
public enum Message: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(TerminalSize)
    case summaryLoaded(BatchSummary)
    case pageLoaded(InstanceQuery, offset: Int, total: Int, rows: [InstanceRow])
    case searchResult(InstanceQuery, SearchTarget, index: Int?)
    /// Rows whose state or findings changed; the browser patches those it holds.
    case rowsChanged([InstanceRow])
    case tagDiffLoaded(InstanceID, [TagDiffRow])
    case frameLoaded(FrameRequest, FramePayload)
    case masksChanged(InstanceID, [MaskBox])
    case identityRevealed(InstanceID, RevealedIdentity)
    case commitProgress(done: Int, total: Int)
    case commitFinished(CommitReceipt)
    /// A command failed; the text is shown in the status bar (and in the commit dialog during commit).
    case commandFailed(String)
}
