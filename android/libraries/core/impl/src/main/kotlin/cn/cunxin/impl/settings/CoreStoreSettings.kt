package cn.cunxin.impl.settings

import cn.cunxin.api.CunxinFailure
import cn.cunxin.api.FailureCode
import cn.cunxin.api.settings.KeyInfo
import cn.cunxin.api.settings.NoticeContact
import cn.cunxin.api.settings.Settings
import cn.cunxin.api.settings.StoreSettings
import cn.cunxin.ffi.checkBankRecipients
import cn.cunxin.ffi.checkPlatformKey
import cn.cunxin.ffi.scorecardForm
import cn.cunxin.impl.core
import java.net.URI
import java.security.MessageDigest
import cn.cunxin.ffi.Store as FfiStore

/** The store's settings: kept in the encrypted store, checked by the core before they are kept. */
internal class CoreStoreSettings(private val store: FfiStore) : StoreSettings {
    internal suspend fun scorecard(): String = core { store.setting(SCORECARD) } ?: DEFAULT_SCORECARD

    internal suspend fun uploadAddress(): String = core { store.setting(UPLOAD_ADDRESS) }
        ?: throw CunxinFailure(FailureCode.INVALID_INPUT, "no upload address is set; enter the bank's upload address in settings")

    internal suspend fun platformKey(): String = core { store.setting(PLATFORM_KEY) }
        ?: throw CunxinFailure(FailureCode.BAD_KEY, "no platform key is set; enter the bank's platform key in settings")

    internal suspend fun bankRecipients(): String = core { store.setting(BANK_RECIPIENTS) }
        ?: throw CunxinFailure(FailureCode.BAD_KEY, "no bank key is set; enter the bank's public keys in settings")

    override suspend fun current(): Settings {
        val scorecard = scorecard()
        val form = core { scorecardForm(scorecard) }
        val recipients = core { store.setting(BANK_RECIPIENTS) }.orEmpty()
            .lines().map { it.trim() }.filter { it.isNotEmpty() && !it.startsWith("#") }
        val device = core { store.devicePublicKey() }
        return Settings(
            scorecard = form.scorecard,
            scorecardVersion = form.version,
            bankRecipients = recipients.map { keyInfo(it) },
            platformKey = core { store.setting(PLATFORM_KEY) }?.let { keyInfo(it) },
            uploadAddress = core { store.setting(UPLOAD_ADDRESS) },
            deviceKey = keyInfo(device),
            passphrase = core { store.hasPassphrase() },
        )
    }

    override suspend fun setScorecard(nameOrDefinition: String) {
        core { scorecardForm(nameOrDefinition) }
        core { store.setSetting(SCORECARD, nameOrDefinition) }
    }

    override suspend fun setBankRecipients(text: String) {
        core { checkBankRecipients(text) }
        core { store.setSetting(BANK_RECIPIENTS, text) }
    }

    override suspend fun setPlatformKey(text: String) {
        core { checkPlatformKey(text) }
        core { store.setSetting(PLATFORM_KEY, text) }
    }

    override suspend fun setUploadAddress(url: String) {
        val scheme = runCatching { URI(url.trim()).scheme }.getOrNull()
        if (scheme != "http" && scheme != "https") {
            throw CunxinFailure(FailureCode.INVALID_INPUT, "the upload address must start with https:// (or http:// on the branch network)")
        }
        core { store.setSetting(UPLOAD_ADDRESS, url.trim()) }
    }

    // Two of the store's generic settings: the notice's contact is text the branch typed, nothing to check in the core.
    override suspend fun noticeContact(): NoticeContact? {
        val branch = core { store.setting(NOTICE_BRANCH) } ?: return null
        return NoticeContact(branch, core { store.setting(NOTICE_TELEPHONE) }.orEmpty())
    }

    override suspend fun setNoticeContact(contact: NoticeContact) {
        contact.problem?.let { throw CunxinFailure(FailureCode.INVALID_INPUT, it) }
        core { store.setSetting(NOTICE_TELEPHONE, contact.telephone.trim()) }
        core { store.setSetting(NOTICE_BRANCH, contact.branch.trim()) }
    }

    override suspend fun devicePublicKey(): String = core { store.devicePublicKey() }

    override suspend fun changePassphrase(current: CharArray, new: CharArray) =
        core { store.changePassphrase(String(current), String(new)) }

    override suspend fun rotateKey(newKey: ByteArray) = core { store.rekey(newKey) }

    override suspend fun rotateKeyWithPassphrase(passphrase: CharArray) =
        core { store.rotateKeyWithPassphrase(String(passphrase)) }

    private companion object {
        const val SCORECARD = "scorecard"
        const val DEFAULT_SCORECARD = "luquan"
        const val BANK_RECIPIENTS = "bank_recipients"
        const val PLATFORM_KEY = "platform_key"
        const val UPLOAD_ADDRESS = "upload_address"
        const val NOTICE_BRANCH = "notice_branch"
        const val NOTICE_TELEPHONE = "notice_telephone"

        /** The first 16 hex digits of the key text's SHA-256, in groups of four, to read out. */
        fun keyInfo(text: String): KeyInfo {
            val digest = MessageDigest.getInstance("SHA-256").digest(text.trim().toByteArray())
            val hex = digest.take(8).joinToString("") { "%02X".format(it) }
            return KeyInfo(text.trim(), hex.chunked(4).joinToString(" "))
        }
    }
}
