import Foundation

/// The plain facts about one instance that decide whether a human must look at it.
public struct ReviewSignals: Sendable, Hashable, Codable {
    /// Text detection found text in the pixels.
    public var hasFindings: Bool
    /// Burned In Annotation (0028,0301) is `YES`.
    public var burnedInAnnotation: Bool
    /// Modality (0008,0060), as written.
    public var modality: String
    /// A retained text element matched a PHI token (name, ID, date) harvested from the header.
    public var retainedTextHits: Int

    public init(hasFindings: Bool = false, burnedInAnnotation: Bool = false, modality: String = "", retainedTextHits: Int = 0) {
        self.hasFindings = hasFindings
        self.burnedInAnnotation = burnedInAnnotation
        self.modality = modality
        self.retainedTextHits = retainedTextHits
    }
}

/// Why an instance needs review (shown to the reviewer and stored with the instance).
public enum ReviewReason: String, Sendable, Codable, CaseIterable {
    case findings
    case burnedInAnnotation = "burned-in-annotation"
    case textModality = "text-modality"
    case retainedText = "retained-text"
}

/// The outcome of the review policy for one instance.
public struct ReviewAssessment: Sendable, Hashable {
    /// `.needsReview` or `.autoClear`.
    public let state: InstanceState
    /// Empty when auto-clear.
    public let reasons: [ReviewReason]
}

/// Decides `needs-review` versus `auto-clear` from `ReviewSignals`; part of the profile.
public struct ReviewPolicy: Sendable, Hashable, Codable {
    /// Modalities that often carry burned-in text.
    public static let defaultTextModalities: Set<String> = ["US", "SC", "OT", "XC", "ES", "SM", "DOC"]

    public var reviewFindings: Bool
    public var reviewBurnedInAnnotation: Bool
    public var reviewRetainedText: Bool
    /// Compared case-insensitively with the instance's modality.
    public var textModalities: Set<String>

    public init(
        reviewFindings: Bool = true, reviewBurnedInAnnotation: Bool = true, reviewRetainedText: Bool = true,
        textModalities: Set<String> = ReviewPolicy.defaultTextModalities
    ) {
        self.reviewFindings = reviewFindings
        self.reviewBurnedInAnnotation = reviewBurnedInAnnotation
        self.reviewRetainedText = reviewRetainedText
        self.textModalities = Set(textModalities.map { $0.uppercased() })
    }

    /// The default: findings, BurnedInAnnotation=YES, a text modality or a retained-text hit.
    public static let standard = ReviewPolicy()

    /// The state and reasons for an instance with these signals.
    public func assess(_ s: ReviewSignals) -> ReviewAssessment {
        var reasons: [ReviewReason] = []
        if reviewFindings && s.hasFindings { reasons.append(.findings) }
        if reviewBurnedInAnnotation && s.burnedInAnnotation { reasons.append(.burnedInAnnotation) }
        let modality = s.modality.trimmingCharacters(in: .whitespaces).uppercased()
        if textModalities.contains(modality) { reasons.append(.textModality) }
        if reviewRetainedText && s.retainedTextHits > 0 { reasons.append(.retainedText) }
        return ReviewAssessment(state: reasons.isEmpty ? .autoClear : .needsReview, reasons: reasons)
    }
}
