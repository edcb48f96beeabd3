/**
 * The parts of @wordpress/components 21 (the version WordPress 6.1 ships) this plugin uses.
 * That release publishes no type entry point, so the props we rely on are declared here.
 */
declare module '@wordpress/components' {
	import type { ComponentType, ReactNode, MouseEvent } from 'react';

	interface ButtonProps {
		variant?: 'primary' | 'secondary' | 'tertiary' | 'link';
		isDestructive?: boolean;
		isBusy?: boolean;
		isSmall?: boolean;
		disabled?: boolean;
		type?: 'button' | 'submit';
		href?: string;
		label?: string;
		className?: string;
		onClick?: ( event: MouseEvent< HTMLButtonElement > ) => void;
		children?: ReactNode;
		'aria-pressed'?: boolean;
		'aria-describedby'?: string;
	}
	export const Button: ComponentType< ButtonProps >;

	export const Notice: ComponentType< {
		status?: 'success' | 'error' | 'warning' | 'info';
		isDismissible?: boolean;
		onRemove?: () => void;
		className?: string;
		children?: ReactNode;
	} >;

	export const Spinner: ComponentType< Record< string, never > >;

	export const SelectControl: ComponentType< {
		label: string;
		value: string;
		options: Array< { label: string; value: string } >;
		onChange: ( value: string ) => void;
		help?: ReactNode;
		disabled?: boolean;
		hideLabelFromVision?: boolean;
		__nextHasNoMarginBottom?: boolean;
	} >;

	export const TextControl: ComponentType< {
		label: string;
		value: string | number;
		onChange: ( value: string ) => void;
		help?: ReactNode;
		type?: string;
		min?: number;
		max?: number;
		placeholder?: string;
		disabled?: boolean;
		className?: string;
		'aria-invalid'?: boolean;
		__nextHasNoMarginBottom?: boolean;
	} >;

	export const TextareaControl: ComponentType< {
		label: string;
		value: string;
		onChange: ( value: string ) => void;
		help?: ReactNode;
		rows?: number;
		disabled?: boolean;
	} >;

	export const ToggleControl: ComponentType< {
		label: string;
		checked: boolean;
		onChange: ( checked: boolean ) => void;
		help?: ReactNode;
		disabled?: boolean;
	} >;

	interface ContainerProps {
		className?: string;
		children?: ReactNode;
	}
	export const Card: ComponentType< ContainerProps >;
	export const CardHeader: ComponentType< ContainerProps >;
	export const CardBody: ComponentType< ContainerProps >;

	export const __experimentalConfirmDialog: ComponentType< {
		isOpen?: boolean;
		onConfirm: () => void;
		onCancel: () => void;
		confirmButtonText?: string;
		cancelButtonText?: string;
		children?: ReactNode;
	} >;
}
