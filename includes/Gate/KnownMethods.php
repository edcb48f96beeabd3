<?php
/**
 * The XML-RPC method names the log keeps by name; every other name is logged as one bucket.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * A client chooses the method name it sends, so a log keyed by that name lets one client make
 * as many rows (and APCu counters) as it has names to invent. The log keeps a real name only
 * for methods some server answers — core's `wp_xmlrpc_server` list, IXR's `system.*` and
 * Jetpack's connection methods — and logs every other name as OTHER. Decisions never use this
 * class: the Decider sees the name as sent.
 */
final class KnownMethods {

	/** Logged name of every method outside the list and its namespaces. */
	const OTHER = 'other';

	/**
	 * Namespaces of the list: an unlisted name in one of them (a plugin's own wp.* method, say)
	 * is logged as "<namespace>.other", so the log still tells publishing calls from noise (the
	 * usage detector looks for wp.*, metaWeblog.*, blogger.*) with a bounded set of names.
	 */
	const NAMESPACES = array( 'system', 'wp', 'blogger', 'metaWeblog', 'mt', 'pingback', 'demo', 'jetpack' );

	/** Names kept in the log, as keys for a constant-time lookup. */
	const NAMES = array(
		// IXR_Server / IXR_IntrospectionServer (core's base class).
		'system.multicall'                 => true,
		'system.listMethods'               => true,
		'system.getCapabilities'           => true,
		'system.methodSignature'           => true,
		'system.methodHelp'                => true,
		// wp_xmlrpc_server: WordPress API.
		'wp.getUsersBlogs'                 => true,
		'wp.newPost'                       => true,
		'wp.editPost'                      => true,
		'wp.deletePost'                    => true,
		'wp.getPost'                       => true,
		'wp.getPosts'                      => true,
		'wp.newTerm'                       => true,
		'wp.editTerm'                      => true,
		'wp.deleteTerm'                    => true,
		'wp.getTerm'                       => true,
		'wp.getTerms'                      => true,
		'wp.getTaxonomy'                   => true,
		'wp.getTaxonomies'                 => true,
		'wp.getUser'                       => true,
		'wp.getUsers'                      => true,
		'wp.getProfile'                    => true,
		'wp.editProfile'                   => true,
		'wp.getPage'                       => true,
		'wp.getPages'                      => true,
		'wp.newPage'                       => true,
		'wp.deletePage'                    => true,
		'wp.editPage'                      => true,
		'wp.getPageList'                   => true,
		'wp.getAuthors'                    => true,
		'wp.getCategories'                 => true,
		'wp.getTags'                       => true,
		'wp.newCategory'                   => true,
		'wp.deleteCategory'                => true,
		'wp.suggestCategories'             => true,
		'wp.uploadFile'                    => true,
		'wp.deleteFile'                    => true,
		'wp.getCommentCount'               => true,
		'wp.getPostStatusList'             => true,
		'wp.getPageStatusList'             => true,
		'wp.getPageTemplates'              => true,
		'wp.getOptions'                    => true,
		'wp.setOptions'                    => true,
		'wp.getComment'                    => true,
		'wp.getComments'                   => true,
		'wp.deleteComment'                 => true,
		'wp.editComment'                   => true,
		'wp.newComment'                    => true,
		'wp.getCommentStatusList'          => true,
		'wp.getMediaItem'                  => true,
		'wp.getMediaLibrary'               => true,
		'wp.getPostFormats'                => true,
		'wp.getPostType'                   => true,
		'wp.getPostTypes'                  => true,
		'wp.getRevisions'                  => true,
		'wp.restoreRevision'               => true,
		// Blogger API.
		'blogger.getUsersBlogs'            => true,
		'blogger.getUserInfo'              => true,
		'blogger.getPost'                  => true,
		'blogger.getRecentPosts'           => true,
		'blogger.newPost'                  => true,
		'blogger.editPost'                 => true,
		'blogger.deletePost'               => true,
		// MetaWeblog API.
		'metaWeblog.newPost'               => true,
		'metaWeblog.editPost'              => true,
		'metaWeblog.getPost'               => true,
		'metaWeblog.getRecentPosts'        => true,
		'metaWeblog.getCategories'         => true,
		'metaWeblog.newMediaObject'        => true,
		'metaWeblog.deletePost'            => true,
		'metaWeblog.getUsersBlogs'         => true,
		// MovableType API.
		'mt.getCategoryList'               => true,
		'mt.getRecentPostTitles'           => true,
		'mt.getPostCategories'             => true,
		'mt.setPostCategories'             => true,
		'mt.supportedMethods'              => true,
		'mt.supportedTextFilters'          => true,
		'mt.getTrackbackPings'             => true,
		'mt.publishPost'                   => true,
		// Pingback.
		'pingback.ping'                    => true,
		'pingback.extensions.getPingbacks' => true,
		// Demo.
		'demo.sayHello'                    => true,
		'demo.addTwoNumbers'               => true,
		// Jetpack's connection (the calls an owner may want to tell apart from an attack).
		'jetpack.verifyRegistration'       => true,
		'jetpack.remoteAuthorize'          => true,
		'jetpack.remoteRegister'           => true,
		'jetpack.remoteProvision'          => true,
		'jetpack.remoteConnect'            => true,
		'jetpack.getUser'                  => true,
		'jetpack.jsonAPI'                  => true,
		'jetpack.testConnection'           => true,
		'jetpack.featuresAvailable'        => true,
		'jetpack.featuresEnabled'          => true,
		'jetpack.disconnectBlog'           => true,
		'jetpack.unlinkUser'               => true,
		'jetpack.idcUrlValidation'         => true,
		'jetpack.syncObject'               => true,
		'jetpack.updateAttachmentParent'   => true,
		'jetpack.getHeartbeatData'         => true,
	);

	/**
	 * Folds a name read back from the spool at ingest: the note the gate adds to a verified
	 * Jetpack call (Decision::jetpack_signed_method(), from the decision's flag, never from the
	 * client) stays, the name before it is folded like any other.
	 *
	 * @param string $method Logged method name.
	 */
	public static function fold_logged( string $method ): string {
		if ( Decision::JETPACK_SIGNED_NOTE === $method ) {
			return $method;
		}
		$note = ' ' . Decision::JETPACK_SIGNED_NOTE;
		if ( strlen( $method ) > strlen( $note ) && substr( $method, -strlen( $note ) ) === $note ) {
			return self::fold( substr( $method, 0, -strlen( $note ) ) ) . $note;
		}
		return self::fold( $method );
	}

	/**
	 * The name to log for a method: itself when known (or one of the sniffer's and the
	 * Decider's own markers: no name, a malformed name, a trackback), "<namespace>.other" for
	 * an unlisted name in a known namespace, else OTHER.
	 *
	 * @param string $method Method name as sniffed.
	 */
	public static function fold( string $method ): string {
		if ( isset( self::NAMES[ $method ] ) ) {
			return $method;
		}
		$markers = array( MethodSniffer::NONE, MethodSniffer::MALFORMED, Decider::TRACKBACK_METHOD, self::OTHER );
		if ( in_array( $method, $markers, true ) ) {
			return $method;
		}
		$namespace = strstr( $method, '.', true );
		return false !== $namespace && in_array( $namespace, self::NAMESPACES, true ) ? $namespace . '.' . self::OTHER : self::OTHER;
	}
}
